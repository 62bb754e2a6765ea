import { FileNotFoundError, ToolInputError } from "../errors.ts";
import { absolutePath, displayPath } from "./paths.ts";
import { refuseDeniedRead } from "./read-guard.ts";
import { lazySchema } from "../zod-loader.ts";
import { defineTool } from "./types.ts";

/** Lines and bytes returned per call; larger files are paged with a note on how to read on. */
export const READ_PAGE_LINES = 2000;
export const READ_PAGE_BYTES = 256 * 1024;

const parameters = lazySchema((z) =>
  z.object({
    path: z.string().min(1).describe("File path, relative to the project root (or absolute inside it)"),
    line: z.number().int().min(1).optional().describe("1-based line to start reading from (default 1)"),
    limit: z.number().int().min(1).optional().describe(`Number of lines to read (default ${READ_PAGE_LINES})`),
  }),
);

export const readFileTool = defineTool({
  name: "read_file",
  description:
    "Read a text file of the project. Returns the file's lines; large files come in pages with a note saying how to read the next page. Read a file before editing it.",
  get parameters() {
    return parameters();
  },
  quickParse: (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
    const { path } = value as Record<string, unknown>;
    const line = optionalPositiveInteger(value, "line");
    const limit = optionalPositiveInteger(value, "limit");
    if (typeof path !== "string" || path.length === 0 || line === null || limit === null) return null;
    return { path, ...(line === undefined ? {} : { line }), ...(limit === undefined ? {} : { limit }) };
  },
  kind: "read",
  title: (args, cwd) => `Read ${displayPath(args.path, cwd)}${args.line ? `:${args.line}` : ""}`,
  locations: (args, cwd) => [{ path: absolutePath(args.path, cwd), ...(args.line ? { line: args.line } : {}) }],
  async execute(args, { workspace, permissions }) {
    const path = await workspace.resolvePath(args.path);
    refuseDeniedRead(permissions, args.path, path, workspace.cwd);
    const start = args.line ?? 1;
    const limit = args.limit ?? READ_PAGE_LINES;
    let text: string;
    try {
      // One line more than asked tells whether the file goes on.
      text = await workspace.readTextFile(path, { line: start, limit: limit + 1 });
    } catch (error) {
      if (error instanceof FileNotFoundError) throw new ToolInputError(`File not found: ${displayPath(args.path, workspace.cwd)}`);
      throw error;
    }
    if (text.includes("\0")) throw new ToolInputError(`${displayPath(args.path, workspace.cwd)} is a binary file; read_file only reads text.`);
    const page = pageText(text, start, limit);
    return { output: page.text + page.note, content: [{ type: "text", text: page.text }], rawOutput: { lines: page.lines, nextLine: page.nextLine } };
  },
});

/**
 * What zod's `z.number().int().min(1).optional()` makes of `key`: the number, undefined when the
 * key is absent, null when zod should judge (anything else; zod keeps a key that is there with
 * `undefined`, which JSON never sends).
 */
function optionalPositiveInteger(value: object, key: string): number | undefined | null {
  if (!(key in value)) return undefined;
  const number = (value as Record<string, unknown>)[key];
  return typeof number === "number" && Number.isSafeInteger(number) && number >= 1 ? number : null;
}

/** Cuts text to a page of whole lines within the byte budget, with a note on how to go on. */
export function pageText(text: string, start: number, limit: number): { text: string; note: string; lines: number; nextLine: number | null } {
  // The usual case, a file that fits the page: its lines are only counted (a UTF-16 unit is at
  // most 3 bytes of UTF-8, so a short enough text cannot pass the byte budget).
  if (3 * text.length + 1 <= READ_PAGE_BYTES) {
    let count = 1;
    for (let at = text.indexOf("\n"); at !== -1 && count <= limit; at = text.indexOf("\n", at + 1)) count++;
    if (count <= limit) return { text, note: "", lines: count, nextLine: null };
  }
  const lines = text.split("\n");
  let more = lines.length > limit;
  let kept = lines.slice(0, limit);
  let bytes = 0;
  for (let index = 0; index < kept.length; index++) {
    bytes += Buffer.byteLength(kept[index] ?? "") + 1;
    if (bytes > READ_PAGE_BYTES) {
      kept = kept.slice(0, Math.max(index, 1));
      more = true;
      break;
    }
  }
  const nextLine = more ? start + kept.length : null;
  const note = nextLine === null ? "" : `\n\n[Showing lines ${start}-${nextLine - 1}. The file continues: call read_file with line=${nextLine} to read on.]`;
  return { text: kept.join("\n"), note, lines: kept.length, nextLine };
}
