import { FileNotFoundError } from "../errors.ts";
import { absolutePath, displayPath } from "./paths.ts";
import { lazySchema } from "../zod-loader.ts";
import { defineTool } from "./types.ts";

const parameters = lazySchema((z) =>
  z.object({
    path: z.string().min(1).describe("File path, relative to the project root (or absolute inside it)"),
    content: z.string().describe("The complete new content of the file"),
  }),
);

export const writeFileTool = defineTool({
  name: "write_file",
  description:
    "Create a file or replace its whole content. Asks the user's permission. Read an existing file first and write it back complete: anything left out is lost.",
  get parameters() {
    return parameters();
  },
  kind: "edit",
  title: (args, cwd) => `Write ${displayPath(args.path, cwd)}`,
  locations: (args, cwd) => [{ path: absolutePath(args.path, cwd) }],
  async execute(args, { workspace, permissions, toolCallId, signal }) {
    const path = await workspace.resolvePath(args.path);
    const shown = displayPath(path, workspace.cwd);
    const oldText = await readIfExists(workspace, path);
    const diff = { type: "diff" as const, path, oldText, newText: args.content };
    // The diff goes with the question, so the user sees what they approve.
    await permissions.check(
      { action: "edit", toolName: "write_file", toolCallId, title: `Write ${shown}`, paths: [path], content: [diff] },
      signal,
    );
    await workspace.writeTextFile(path, args.content);
    const lines = args.content === "" ? 0 : args.content.split("\n").length;
    return {
      output: `${oldText === null ? "Created" : "Wrote"} ${shown} (${lines} lines).`,
      content: [diff],
    };
  },
});

/** The current content of a file, or null when it does not exist yet. */
export async function readIfExists(
  workspace: { readTextFile(path: string): Promise<string> },
  path: string,
): Promise<string | null> {
  try {
    return await workspace.readTextFile(path);
  } catch (error) {
    if (error instanceof FileNotFoundError) return null;
    throw error;
  }
}
