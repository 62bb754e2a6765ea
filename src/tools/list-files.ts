/**
 * list_files: the project's files below a folder, honouring .gitignore, capped with a note.
 */
import { ToolInputError } from "../errors.ts";
import { absolutePath, displayPath } from "./paths.ts";
import { hiddenByRule, hiddenNote, refuseDeniedRead } from "./read-guard.ts";
import { lazySchema } from "../zod-loader.ts";
import { defineTool } from "./types.ts";
import { directoryLister, entryType, walkFiles } from "./walk-files.ts";

/** Paths returned at most; the model narrows with `path` or `glob` beyond that. */
export const MAX_LISTED_FILES = 500;

const parameters = lazySchema((z) =>
  z.object({
    path: z.string().optional().describe("Folder to list, relative to the workspace folder. Default: the whole workspace."),
    glob: z
      .string()
      .optional()
      .describe('Only files matching this glob, e.g. "*.py" (matches file names) or "src/**/*.ts" (matches paths below the folder).'),
  }),
);

export const listFilesTool = defineTool({
  name: "list_files",
  description:
    "List the files of the project below a folder (recursively), skipping what .gitignore ignores. Optionally filter with a glob. Paths are relative to the workspace folder.",
  get parameters() {
    return parameters();
  },
  kind: "search",
  title: (args, cwd) => `List ${displayPath(args.path ?? ".", cwd)}${args.glob ? ` (${args.glob})` : ""}`,
  locations: (args, cwd) => [{ path: absolutePath(args.path ?? ".", cwd) }],
  async execute(args, { workspace, permissions, signal }) {
    const list = directoryLister(workspace);
    if (!list) {
      return {
        output: "Listing files is not available in this workspace. Use run_command with `git ls-files` or `ls` instead.",
        isError: true,
      };
    }
    const dir = await workspace.resolvePath(args.path ?? ".");
    refuseDeniedRead(permissions, args.path ?? ".", dir, workspace.cwd);
    const shownDir = displayPath(dir, workspace.cwd);
    const type = await entryType(list, dir);
    if (type === null) throw new ToolInputError(`${shownDir} does not exist. List its parent folder to see what is there.`);
    if (type !== "dir") throw new ToolInputError(`${shownDir} is a file, not a folder. Read it with read_file.`);

    const walk = walkFiles(workspace, list, dir, args.glob, (path, isDir) => hiddenByRule(permissions, path, isDir));
    const files: string[] = [];
    let more = 0;
    for await (const file of walk.files) {
      signal.throwIfAborted();
      if (files.length < MAX_LISTED_FILES) files.push(file.relPath);
      else more++;
    }
    const notes: string[] = [];
    if (more > 0) notes.push(`[${more} more files not shown: only the first ${MAX_LISTED_FILES} are listed. Narrow the listing with path or glob.]`);
    if (walk.stoppedEarly) notes.push("[The folder is very large; the listing stopped early. List a sub folder instead.]");
    const hidden = hiddenNote(walk.hidden);
    if (hidden !== null) notes.push(hidden);
    const what = args.glob ? `files matching ${args.glob}` : "files";
    const body = files.length === 0 ? `No ${what} in ${shownDir} (files ignored by .gitignore are not listed).` : files.join("\n");
    return {
      output: [body, ...notes].join("\n\n"),
      rawOutput: { files, more, stoppedEarly: walk.stoppedEarly, hidden: walk.hidden },
    };
  },
});
