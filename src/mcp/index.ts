/**
 * MCP: the servers an ACP client hands over in session/new (the IDE's own among them) become
 * tools in the model's toolset. `connectMcpServers` is the whole surface a front end needs.
 */
export { DEFAULT_MCP_CALL_TIMEOUT_MS, DEFAULT_MCP_CONNECT_TIMEOUT_MS, connectMcpServers } from "./session.ts";
export type { McpServerState, McpServerStatus, McpSessionOptions, McpSessionTools } from "./session.ts";
export type { McpServerConfig, McpRemoteServerConfig, McpStdioServerConfig, McpTransportKind, NameValue } from "./types.ts";
export { JETBRAINS_DEFAULT_PORT, jetbrainsDescriptor, jetbrainsEndpoints } from "./jetbrains.ts";
export type { JetBrainsDescriptor, JetBrainsEndpoint } from "./jetbrains.ts";
export { MAX_TOOL_NAME_LENGTH, mcpToolName, sanitizeNamePart, uniqueServerNames } from "./naming.ts";
export { mapCallResult, mcpToolKind, mcpToolNeedsPermission, mcpToolTitle } from "./mapping.ts";
export { McpConnectError, McpToolError } from "./errors.ts";
