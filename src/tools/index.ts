/**
 * The tool registry: one file per tool (STYLE.md §2). Front ends pick the set for a session.
 */
import { readFileTool } from "./read-file.ts";
import { runCommandTool } from "./run-command.ts";
import { getTerminalOutputTool, killTerminalTool, releaseTerminalTool, waitForTerminalExitTool } from "./terminal-tools.ts";
import type { AnyTool } from "./types.ts";
import { writeFileTool } from "./write-file.ts";

export * from "./types.ts";
export { toolSpec, toolSpecs } from "./schema.ts";

/** The core tools every session has. */
export const CORE_TOOLS: readonly AnyTool[] = [
  readFileTool,
  writeFileTool,
  runCommandTool,
  getTerminalOutputTool,
  waitForTerminalExitTool,
  killTerminalTool,
  releaseTerminalTool,
];
