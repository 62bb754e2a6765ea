/** MCP failures, worded for whoever reads them: the model (tool calls) or the user (connections). */
import { PunieError } from "../errors.ts";

/** A tool call that could not complete: the model reads the message as the tool result. */
export class McpToolError extends PunieError {
  constructor(message: string, options?: ErrorOptions) {
    super("mcp_tool", message, options);
  }
}

/** A server Punie could not connect to; the message is shown to the user once. */
export class McpConnectError extends PunieError {
  constructor(message: string, options?: ErrorOptions) {
    super("mcp_connect", message, options);
  }
}
