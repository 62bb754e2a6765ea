/**
 * One MCP tool as a Punie tool: the server's JSON Schema goes to the model untouched, the call
 * asks permission unless the server marks the tool read-only, and runs with a timeout and the
 * turn's AbortSignal.
 */
import type { Tool as McpToolDefinition } from "@modelcontextprotocol/sdk/types.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { errorMessage } from "../errors.ts";
import type { JsonSchema } from "../model/types.ts";
import type { AnyTool } from "../tools/types.ts";
import type { McpConnection } from "./connect.ts";
import { formatSeconds } from "./connect.ts";
import { McpToolError } from "./errors.ts";
import { stringArguments } from "../permissions/touched-paths.ts";
import { mapCallResult, mcpToolKind, mcpToolNeedsPermission, mcpToolTitle } from "./mapping.ts";

export type { McpToolDefinition };

// The server validates arguments against its own schema; Punie only insists on an object.
const anyArguments = z.record(z.string(), z.unknown());

export type McpToolSource = {
  /** The server's name as shown to people (unique within the session). */
  server: string;
  connection: McpConnection;
  callTimeoutMs: number;
};

export function createMcpTool(definition: McpToolDefinition, name: string, source: McpToolSource): AnyTool {
  const { server, connection, callTimeoutMs } = source;
  const { $schema: _ignored, ...jsonSchema } = definition.inputSchema as JsonSchema;
  const needsPermission = mcpToolNeedsPermission(definition.annotations);
  const projectPathDefault = jetbrainsProjectPathDefault(connection, jsonSchema);
  const toolName = definition.name;

  return {
    name,
    description: definition.description?.trim() || definition.title || `${toolName} (from the ${server} MCP server)`,
    parameters: anyArguments,
    jsonSchema,
    kind: mcpToolKind(definition.annotations),
    asksPermission: needsPermission,
    title: (args, cwd) => mcpToolTitle(server, toolName, args, cwd),
    async execute(args: Record<string, unknown>, context) {
      const cwd = context.workspace.cwd;
      // Read-only tools are checked too: a deny rule refuses an argument naming a denied file.
      await context.permissions.check(
        {
          action: "mcp",
          toolName: name,
          toolCallId: context.toolCallId,
          title: mcpToolTitle(server, toolName, args, cwd),
          pathArgs: stringArguments(args),
          readOnly: !needsPermission,
        },
        context.signal,
      );
      const callArgs = projectPathDefault && args.projectPath === undefined ? { ...args, projectPath: projectPathDefault(cwd) } : args;
      try {
        const result = await connection.client.callTool({ name: toolName, arguments: callArgs }, undefined, {
          signal: context.signal,
          timeout: callTimeoutMs,
          resetTimeoutOnProgress: true,
        });
        return mapCallResult(result);
      } catch (error) {
        if (context.signal.aborted) throw error;
        throw describeCallError(error, server, toolName, callTimeoutMs);
      }
    },
  };
}

/**
 * The IDE's tools take the project's path; the model should not have to guess it. Filled in only
 * when the schema has `projectPath` and the model left it out.
 */
function jetbrainsProjectPathDefault(connection: McpConnection, schema: JsonSchema): ((cwd: string) => string) | null {
  if (!connection.jetbrains) return null;
  const properties = schema.properties;
  if (typeof properties !== "object" || properties === null || !("projectPath" in properties)) return null;
  const fromIde = connection.jetbrains.projectPath;
  return (cwd) => fromIde ?? cwd;
}

function describeCallError(error: unknown, server: string, tool: string, timeoutMs: number): McpToolError {
  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout)
    return new McpToolError(`The ${server} MCP server did not finish ${tool} within ${formatSeconds(timeoutMs)}.`, { cause: error });
  if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed)
    return new McpToolError(`The ${server} MCP server disconnected while running ${tool}; its tools are unavailable now.`, { cause: error });
  return new McpToolError(`${server}: ${tool} failed: ${errorMessage(error)}`, { cause: error });
}
