/**
 * MCP server descriptors as an ACP client sends them in session/new (structurally the ACP SDK's
 * `McpServer`, so the front end passes `params.mcpServers` straight through).
 */
export type NameValue = { name: string; value: string };

export type McpStdioServerConfig = {
  type?: "stdio";
  name: string;
  command: string;
  args: string[];
  env: NameValue[];
};

export type McpRemoteServerConfig = {
  type: "http" | "sse";
  name: string;
  url: string;
  headers: NameValue[];
};

export type McpServerConfig = McpStdioServerConfig | McpRemoteServerConfig;

export type McpTransportKind = "stdio" | "http" | "sse";

export function isStdioServer(server: McpServerConfig): server is McpStdioServerConfig {
  return server.type !== "http" && server.type !== "sse";
}

export function nameValuesToRecord(list: readonly NameValue[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { name, value } of list) record[name] = value;
  return record;
}
