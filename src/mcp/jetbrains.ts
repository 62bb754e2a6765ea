/**
 * The JetBrains IDE's own MCP server arrives as a stdio descriptor: a `java … McpStdioRunnerKt`
 * proxy or the IDE launcher with `stdioMcpServer`, told the IDE's port by IJ_MCP_SERVER_PORT. Some
 * launchers exit without speaking MCP, so Punie talks to the IDE's in-process server on
 * 127.0.0.1:$PORT directly and runs the command only when that fails (REFERENCE.md "JetBrains").
 */
import { isStdioServer, type McpServerConfig } from "./types.ts";

export const JETBRAINS_DEFAULT_PORT = 64342;
export const JETBRAINS_RUNNER_CLASS = "com.intellij.mcpserver.stdio.McpStdioRunnerKt";
export const JETBRAINS_LAUNCHER_ARG = "stdioMcpServer";

const ENV_PREFIX = "IJ_MCP_";
const HEADER_ENV_PREFIX = "IJ_MCP_HEADER_";
const DEBUG_ENV = "IJ_MCP_DEBUG";

export type JetBrainsDescriptor = {
  port: number;
  projectPath?: string;
  /**
   * Headers the IDE expects, exactly as its stdio runner derives them: every IJ_MCP_* variable
   * (project path, auth token, …) with an IJ_MCP_HEADER_ prefix removed.
   */
  headers: Record<string, string>;
};

export type JetBrainsEndpoint = { transport: "http" | "sse"; url: string };

/** The IDE's direct endpoint for `server`, or null when it is not the JetBrains descriptor. Pure. */
export function jetbrainsDescriptor(server: McpServerConfig): JetBrainsDescriptor | null {
  if (!isStdioServer(server)) return null;
  const env = new Map(server.env.map(({ name, value }) => [name, value]));
  const isRunner = server.args.some((arg) => arg === JETBRAINS_RUNNER_CLASS);
  const isLauncher = server.args.includes(JETBRAINS_LAUNCHER_ARG);
  if (!isRunner && !isLauncher && !env.has("IJ_MCP_SERVER_PORT")) return null;

  const headers: Record<string, string> = {};
  for (const [name, value] of env) {
    if (!name.startsWith(ENV_PREFIX) || name === DEBUG_ENV) continue;
    headers[name.startsWith(HEADER_ENV_PREFIX) ? name.slice(HEADER_ENV_PREFIX.length) : name] = value;
  }
  const projectPath = env.get("IJ_MCP_SERVER_PROJECT_PATH");
  return {
    port: parsePort(env.get("IJ_MCP_SERVER_PORT")) ?? JETBRAINS_DEFAULT_PORT,
    ...(projectPath ? { projectPath } : {}),
    headers,
  };
}

/**
 * Where to try, in order: streamable HTTP at /stream (current IDEs), /mcp, then the SSE endpoint
 * the stdio runner itself uses.
 */
export function jetbrainsEndpoints(descriptor: JetBrainsDescriptor): JetBrainsEndpoint[] {
  const base = `http://127.0.0.1:${descriptor.port}`;
  return [
    { transport: "http", url: `${base}/stream` },
    { transport: "http", url: `${base}/mcp` },
    { transport: "sse", url: `${base}/sse` },
  ];
}

function parsePort(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  const port = Number(value.trim());
  return port >= 1 && port <= 65535 ? port : null;
}
