/**
 * search_text: a JavaScript regular expression (or literal text) searched line by line through the
 * project's text files, honouring .gitignore, binary files skipped, results capped with a note.
 */
import { FileNotFoundError, PunieError, ToolInputError } from "../errors.ts";
import { BinaryFileError } from "../workspace/local-errors.ts";
import { textLooksBinary } from "../workspace/local-read.ts";
import { absolutePath, displayPath } from "./paths.ts";
import { hiddenByRule, hiddenNote, refuseDeniedRead } from "./read-guard.ts";
import { lazySchema } from "../zod-loader.ts";
import { defineTool } from "./types.ts";
import { directoryLister, entryType, type WalkedFile, walkFiles } from "./walk-files.ts";

export const MAX_SEARCH_MATCHES = 200;
/** Characters of a matching line shown; minified files have very long lines. */
export const MAX_MATCH_LINE_CHARS = 300;

const parameters = lazySchema((z) =>
  z.object({
    pattern: z.string().min(1).describe("A JavaScript regular expression (no slashes or flags), or plain text when literal is true."),
    path: z.string().optional().describe("File or folder to search, relative to the workspace folder. Default: the whole workspace."),
    glob: z.string().optional().describe('Only search files matching this glob, e.g. "*.py".'),
    literal: z.boolean().optional().describe("Treat pattern as plain text instead of a regular expression. Default false."),
    ignore_case: z.boolean().optional().describe("Match regardless of letter case. Default false."),
  }),
);

export type SearchMatch = { path: string; line: number; text: string };

/** Builds the matcher; an invalid pattern is the model's to fix. */
export function compilePattern(pattern: string, literal: boolean, ignoreCase: boolean): RegExp {
  const source = literal ? pattern.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&") : pattern;
  try {
    return new RegExp(source, ignoreCase ? "i" : "");
  } catch (error) {
    throw new ToolInputError(
      `The pattern is not a valid JavaScript regular expression (${(error as Error).message}). Fix it, or set literal to true to search for the text as written.`,
    );
  }
}

/** Matching lines of one file's text (pure). */
export function matchLines(text: string, regex: RegExp, path: string, max: number): SearchMatch[] {
  const matches: SearchMatch[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length && matches.length < max; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    if (!regex.test(line)) continue;
    const shown = line.length > MAX_MATCH_LINE_CHARS ? `${line.slice(0, MAX_MATCH_LINE_CHARS)}…` : line;
    matches.push({ path, line: i + 1, text: shown });
  }
  return matches;
}

export const searchTextTool = defineTool({
  name: "search_text",
  description:
    "Search the project's text files for a JavaScript regular expression (or literal text), line by line. Returns path:line: text for each matching line. Skips binary files and what .gitignore ignores.",
  get parameters() {
    return parameters();
  },
  kind: "search",
  title: (args, cwd) => `Search ${JSON.stringify(args.pattern)} in ${displayPath(args.path ?? ".", cwd)}${args.glob ? ` (${args.glob})` : ""}`,
  locations: (args, cwd) => [{ path: absolutePath(args.path ?? ".", cwd) }],
  async execute(args, { workspace, permissions, signal }) {
    const regex = compilePattern(args.pattern, args.literal ?? false, args.ignore_case ?? false);
    const list = directoryLister(workspace);
    if (!list) {
      return {
        output: "Searching files is not available in this workspace. Use run_command with `grep -rn` instead.",
        isError: true,
      };
    }
    const target = await workspace.resolvePath(args.path ?? ".");
    refuseDeniedRead(permissions, args.path ?? ".", target, workspace.cwd);
    const shownTarget = displayPath(target, workspace.cwd);
    const type = await entryType(list, target);
    if (type === null) throw new ToolInputError(`${shownTarget} does not exist. Check the path with list_files.`);
    const walk = type === "dir" ? walkFiles(workspace, list, target, args.glob, (path, isDir) => hiddenByRule(permissions, path, isDir)) : null;
    const files: AsyncIterable<WalkedFile> = walk?.files ?? single(target, workspace.cwd);

    const matches: SearchMatch[] = [];
    let more = 0;
    let skipped = 0;
    let hiddenLinks = 0;
    for await (const file of files) {
      signal.throwIfAborted();
      // A link's content is its target's: a link to a denied file is the denied file.
      if (file.isSymlink) {
        const real = await workspace.resolvePath(file.absPath).catch(() => null);
        if (real !== null && hiddenByRule(permissions, real, false)) {
          hiddenLinks++;
          continue;
        }
      }
      let text: string;
      try {
        text = await workspace.readTextFile(file.absPath);
      } catch (error) {
        if (error instanceof BinaryFileError) continue; // skipped silently, as ripgrep does
        // Too large, vanished, or a symlink pointing out: not searchable text.
        if (error instanceof PunieError || error instanceof FileNotFoundError) {
          skipped++;
          continue;
        }
        throw error;
      }
      if (textLooksBinary(text)) continue;
      const found = matchLines(text, regex, file.relPath, Number.POSITIVE_INFINITY);
      for (const match of found) {
        if (matches.length < MAX_SEARCH_MATCHES) matches.push(match);
        else more++;
      }
    }
    const notes: string[] = [];
    if (more > 0) notes.push(`[${more} more matching lines not shown: only the first ${MAX_SEARCH_MATCHES} are listed. Narrow the search with path, glob or a more specific pattern.]`);
    if (walk?.stoppedEarly) notes.push("[The folder is very large; the search stopped early. Search a sub folder instead.]");
    const hidden = hiddenNote((walk?.hidden ?? 0) + hiddenLinks);
    if (hidden !== null) notes.push(hidden);
    if (skipped > 0) notes.push(`[${skipped} files could not be read as text and were skipped (too large, unreadable or outside the workspace).]`);
    const body =
      matches.length === 0
        ? `No matches for ${JSON.stringify(args.pattern)} in ${shownTarget}.`
        : matches.map((match) => `${match.path}:${match.line}: ${match.text}`).join("\n");
    return { output: [body, ...notes].join("\n\n"), rawOutput: { matches, more, skipped, hidden: (walk?.hidden ?? 0) + hiddenLinks } };
  },
});

async function* single(absPath: string, cwd: string): AsyncGenerator<WalkedFile> {
  yield { absPath, relPath: displayPath(absPath, cwd) };
}
