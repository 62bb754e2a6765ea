/** The tools every session has, in both modes (one file per tool, STYLE.md §2). */
import { editFileTool } from "./edit-file.ts";
import { listFilesTool } from "./list-files.ts";
import { readFileTool } from "./read-file.ts";
import { runCommandTool } from "./run-command.ts";
import { searchTextTool } from "./search-text.ts";
import { getTerminalOutputTool, killTerminalTool, releaseTerminalTool, waitForTerminalExitTool } from "./terminal-tools.ts";
import type { AnyTool } from "./types.ts";
import { writeFileTool } from "./write-file.ts";

export const CORE_TOOLS: readonly AnyTool[] = [
  readFileTool,
  writeFileTool,
  editFileTool,
  listFilesTool,
  searchTextTool,
  runCommandTool,
  getTerminalOutputTool,
  waitForTerminalExitTool,
  killTerminalTool,
  releaseTerminalTool,
];
