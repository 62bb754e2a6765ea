/**
 * The MCP toolset without its cost up front: the MCP SDK loads only for sessions that have
 * servers, so an IDE's `initialize` (and sessions without MCP) never pay for it.
 */
import type { McpServerConfig } from "./types.ts";
import type { McpSessionOptions, McpSessionTools } from "./session.ts";

export const NO_MCP: McpSessionTools = {
  ready: async () => {},
  tools: () => [],
  status: () => [],
  abilities: () => [],
  problems: () => [],
  close: async () => {},
};

export function connectMcpLazily(servers: readonly McpServerConfig[], options: McpSessionOptions): McpSessionTools {
  if (servers.length === 0) return NO_MCP;
  let inner: McpSessionTools | null = null;
  const loaded = import("./session.ts").then((module) => {
    inner = module.connectMcpServers(servers, options);
    return inner;
  });
  return {
    ready: async () => (await loaded).ready(),
    tools: () => inner?.tools() ?? [],
    status: () => inner?.status() ?? servers.map((server) => ({ name: server.name, state: "connecting" as const, toolCount: 0 })),
    abilities: () => inner?.abilities() ?? [],
    problems: () => inner?.problems() ?? [],
    close: async () => (await loaded).close(),
  };
}
