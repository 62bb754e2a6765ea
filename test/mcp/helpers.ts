/** Shared set-up for the MCP tests: fixture descriptors, a recording log, and running one tool. */
import { join } from "node:path";
import type { Logger } from "../../src/log/logger.ts";
import type { McpServerConfig } from "../../src/mcp/types.ts";
import { ALLOW_ONCE, REJECT_ONCE } from "../../src/permissions/gate.ts";
import { askingGate } from "../helpers/gates.ts";
import { tempDir as makeTempDir } from "../helpers/temp.ts";
import type { AnyTool, ToolResult } from "../../src/tools/types.ts";
import { createMemoryWorkspace } from "../../src/workspace/memory-workspace.ts";
import type { PermissionRequest } from "../../src/workspace/types.ts";

export const ECHO_SERVER = join(import.meta.dir, "../fixtures/mcp/echo-server.ts");

/** A temp folder removed after the test (see test/helpers/temp.ts). */
export const tempDir = (): string => makeTempDir("punie-mcp-");

export function echoServer(name: string, options: { flags?: string[]; env?: Record<string, string> } = {}): McpServerConfig {
  return {
    name,
    command: process.execPath,
    args: [ECHO_SERVER, ...(options.flags ?? [])],
    env: Object.entries(options.env ?? {}).map(([key, value]) => ({ name: key, value })),
  };
}

export function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { lines, error: record("error"), warn: record("warn"), info: record("info"), debug: record("debug") };
}

export type ToolRun = { result: ToolResult; permissionRequests: PermissionRequest[] };

/** Runs a tool the way the agent loop does, answering permission prompts with `answer`. */
export async function runTool(
  tool: AnyTool,
  args: Record<string, unknown>,
  options: { answer?: "allow" | "reject"; signal?: AbortSignal; cwd?: string } = {},
): Promise<ToolRun> {
  const workspace = createMemoryWorkspace({
    cwd: options.cwd ?? "/workspace",
    permission: () => ({ outcome: "selected", optionId: options.answer === "reject" ? REJECT_ONCE : ALLOW_ONCE }),
  });
  const parsed = tool.parameters.parse(args);
  const result = await tool.execute(parsed, {
    workspace,
    permissions: askingGate(workspace),
    toolCallId: "call-1",
    signal: options.signal ?? new AbortController().signal,
    progress: () => {},
  });
  return { result, permissionRequests: workspace.permissionRequests };
}

export function findTool(tools: readonly AnyTool[], name: string): AnyTool {
  const tool = tools.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no tool ${name} among ${tools.map((t) => t.name).join(", ")}`);
  return tool;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
