/**
 * edit_file: replaces an exact piece of text. Small models edit far more reliably with exact
 * replacements than by rewriting whole files; every failure says how to fix the call.
 */
import { FileNotFoundError, ToolInputError } from "../errors.ts";
import { unifiedDiff } from "./diff.ts";
import { absolutePath, displayPath } from "./paths.ts";
import { refuseDeniedRead } from "./read-guard.ts";
import { lazySchema } from "../zod-loader.ts";
import { defineTool } from "./types.ts";

const parameters = lazySchema((z) =>
  z.object({
    path: z.string().min(1).describe("The file to edit, relative to the workspace folder."),
    old_text: z
      .string()
      .describe("The exact text to replace, copied from the file including indentation and line breaks. Include enough surrounding lines to make it unique."),
    new_text: z.string().describe("The text to put in its place."),
    replace_all: z.boolean().optional().describe("Replace every occurrence instead of exactly one. Default false."),
  }),
);

export type EditPlan = { content: string; replacements: number; lines: number[] };

/**
 * Applies the replacement to `content` (pure). Throws ToolInputError for zero matches, several
 * matches without `replaceAll`, or an edit that changes nothing.
 */
export function planEdit(content: string, oldText: string, newText: string, replaceAll: boolean, shownPath: string): EditPlan {
  if (oldText === "") throw new ToolInputError("old_text is empty. Give the exact text to replace; to create or overwrite a whole file use write_file.");
  if (oldText === newText) throw new ToolInputError("old_text and new_text are identical, so the edit would change nothing.");
  let lines = matchLines(content, oldText);
  // Models write "\n"; a Windows-style file has "\r\n": match it in the file's own style.
  if (lines.length === 0 && content.includes("\r\n") && !oldText.includes("\r")) {
    const crlf = (text: string) => text.replaceAll("\n", "\r\n");
    const crlfLines = matchLines(content, crlf(oldText));
    if (crlfLines.length > 0) return planEdit(content, crlf(oldText), crlf(newText), replaceAll, shownPath);
    lines = crlfLines;
  }
  if (lines.length === 0) throw new ToolInputError(`old_text was not found in ${shownPath}. ${notFoundHint(content, oldText)}`);
  if (lines.length > 1 && !replaceAll) {
    throw new ToolInputError(
      `old_text matches ${lines.length} times in ${shownPath} (at lines ${lines.join(", ")}). Include more surrounding lines in old_text so it matches exactly once, or set replace_all to true to replace every occurrence.`,
    );
  }
  const updated = replaceAll ? content.split(oldText).join(newText) : replaceFirst(content, oldText, newText);
  return { content: updated, replacements: lines.length, lines };
}

function replaceFirst(content: string, oldText: string, newText: string): string {
  const at = content.indexOf(oldText);
  return content.slice(0, at) + newText + content.slice(at + oldText.length);
}

/** 1-based line numbers where non-overlapping occurrences start. */
function matchLines(content: string, needle: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let counted = 0;
  for (let at = content.indexOf(needle); at !== -1; at = content.indexOf(needle, at + needle.length)) {
    for (let i = counted; i < at; i++) if (content.charCodeAt(i) === 10) line++;
    counted = at;
    lines.push(line);
  }
  return lines;
}

/** Points at a near miss (indentation or trailing spaces) so the model can copy the real text. */
function notFoundHint(content: string, oldText: string): string {
  const wanted = oldText.split("\n").map((line) => line.trim());
  while (wanted.length > 0 && wanted[wanted.length - 1] === "") wanted.pop();
  const have = content.split("\n").map((line) => line.trim());
  if (wanted.length > 0 && wanted.some((line) => line !== "")) {
    for (let i = 0; i + wanted.length <= have.length; i++) {
      if (wanted.every((line, j) => have[i + j] === line)) {
        return `Text matching it except for indentation or spaces starts at line ${i + 1}: copy it exactly as it is in the file (read_file shows it), including leading spaces.`;
      }
    }
  }
  return "It must match the file exactly, including indentation, blank lines and line breaks. Read the file again with read_file and copy the text to replace from it.";
}

export const editFileTool = defineTool({
  name: "edit_file",
  description:
    "Edit a text file by replacing an exact piece of it: old_text must match the file exactly once (or set replace_all). Read the file first and copy old_text from it. Returns a diff of the change.",
  get parameters() {
    return parameters();
  },
  kind: "edit",
  title: (args, cwd) => `Edit ${displayPath(args.path, cwd)}`,
  locations: (args, cwd) => [{ path: absolutePath(args.path, cwd) }],
  async execute(args, context) {
    const { workspace } = context;
    const absPath = await workspace.resolvePath(args.path);
    const shown = displayPath(absPath, workspace.cwd);
    // The diff and the "not found" hints show the file's text: a file the model may not read is not edited.
    refuseDeniedRead(context.permissions, args.path, absPath, workspace.cwd);
    let oldContent: string;
    try {
      oldContent = await workspace.readTextFile(absPath);
    } catch (error) {
      if (error instanceof FileNotFoundError) {
        throw new ToolInputError(`${shown} does not exist. Check the path with list_files, or create the file with write_file.`);
      }
      throw error;
    }
    const plan = planEdit(oldContent, args.old_text, args.new_text, args.replace_all ?? false, shown);
    const diffContent = { type: "diff" as const, path: absPath, oldText: oldContent, newText: plan.content };
    // The diff goes with the question, so the user sees what they approve.
    await context.permissions.check(
      { action: "edit", toolName: "edit_file", toolCallId: context.toolCallId, title: `Edit ${shown}`, paths: [absPath], content: [diffContent] },
      context.signal,
    );
    await workspace.writeTextFile(absPath, plan.content);
    const count = plan.replacements === 1 ? "1 occurrence" : `${plan.replacements} occurrences`;
    return {
      output: `Edited ${shown}: replaced ${count}.\n\n${unifiedDiff(shown, oldContent, plan.content)}`,
      content: [diffContent],
      rawOutput: { path: absPath, replacements: plan.replacements, lines: plan.lines },
    };
  },
});
