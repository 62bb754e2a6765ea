/**
 * Punie's ACP extension (docs/acp-extensions.md): `_punie/discover_tools` asks the client for its
 * tool catalog once per session — only a client that advertises it in
 * `clientCapabilities._meta["punie.dev/discover_tools"]` (an extension request to any other client
 * is an error in its log). Known names run Punie's own tool over ACP fs/terminal; other names are
 * bridged through `_punie/call_tool`. Any other client, or one that fails or stays silent, falls
 * back to its capabilities (tier 2), then the defaults (tier 3).
 */
import type * as acp from "@agentclientprotocol/sdk";
import { z } from "zod";
import { errorMessage, ToolInputError } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import type { AnyTool, ToolKind } from "../tools/types.ts";

export const DISCOVER_TOOLS_METHOD = "_punie/discover_tools";
export const CALL_TOOL_METHOD = "_punie/call_tool";
export const DEFAULT_DISCOVERY_TIMEOUT_MS = 2000;
/** The key a client sets (to `true` or an object) in `clientCapabilities._meta` to be asked. */
export const DISCOVER_TOOLS_CAPABILITY = "punie.dev/discover_tools";

const TOOL_KINDS = ["read", "edit", "delete", "move", "search", "execute", "think", "fetch", "switch_mode", "other"] as const;

export const discoveredToolSchema = z.object({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/),
  kind: z.enum(TOOL_KINDS).catch("other").default("other"),
  description: z.string().default(""),
  parameters: z.record(z.string(), z.unknown()).default({ type: "object", properties: {} }),
  requiresPermission: z.boolean().default(false),
  categories: z.array(z.string()).default([]),
});
export type DiscoveredTool = z.infer<typeof discoveredToolSchema>;

const callToolResultSchema = z.object({
  content: z.array(z.looseObject({ type: z.string() })),
  isError: z.boolean().optional(),
});

/** Which tier decided the session's tools. */
export type Discovery =
  | { tier: 1; catalog: DiscoveredTool[]; skipped: string[] }
  | { tier: 2; reason: string }
  | { tier: 3; reason: string };

type ClientPort = Pick<acp.AgentContext, "request">;

export async function discoverTools(
  client: ClientPort,
  sessionId: string,
  capabilities: acp.ClientCapabilities | undefined,
  options: { timeoutMs: number; log: Logger },
): Promise<Discovery> {
  const fallback = (reason: string): Discovery =>
    capabilities?.fs?.readTextFile || capabilities?.fs?.writeTextFile || capabilities?.terminal ? { tier: 2, reason } : { tier: 3, reason };
  if (!advertisesDiscovery(capabilities)) return fallback(`the client does not advertise ${DISCOVER_TOOLS_CAPABILITY}`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const answer = await client.request(DISCOVER_TOOLS_METHOD, { sessionId }, { cancellationSignal: controller.signal, stopWaitingOnCancel: true });
    const tools = (answer as { tools?: unknown } | null)?.tools;
    if (!Array.isArray(tools)) return fallback("the client's tool catalog had no tools list");
    const catalog: DiscoveredTool[] = [];
    const skipped: string[] = [];
    for (const raw of tools) {
      const parsed = discoveredToolSchema.safeParse(raw);
      if (parsed.success) catalog.push(parsed.data);
      else skipped.push(typeof (raw as { name?: unknown })?.name === "string" ? (raw as { name: string }).name : JSON.stringify(raw).slice(0, 60));
    }
    if (skipped.length > 0) options.log.warn(`_punie/discover_tools: skipped malformed entries: ${skipped.join(", ")}`);
    return { tier: 1, catalog, skipped };
  } catch (error) {
    if (controller.signal.aborted) return fallback(`the client did not answer ${DISCOVER_TOOLS_METHOD} within ${options.timeoutMs} ms`);
    if ((error as { code?: unknown }).code === -32601) return fallback("the client has no tool catalog");
    options.log.warn(`${DISCOVER_TOOLS_METHOD} failed`, error);
    return fallback(`${DISCOVER_TOOLS_METHOD} failed: ${errorMessage(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the client said it answers `_punie/discover_tools` (`true` or an object under the key). */
export function advertisesDiscovery(capabilities: acp.ClientCapabilities | undefined): boolean {
  const value = capabilities?._meta?.[DISCOVER_TOOLS_CAPABILITY];
  return value === true || (typeof value === "object" && value !== null);
}

/** The tools a tier-1 catalog gives: built-ins for known names, bridges for the rest. */
export function catalogTools(catalog: readonly DiscoveredTool[], builtIns: readonly AnyTool[], client: ClientPort, sessionId: string): AnyTool[] {
  return catalog.map((entry) => {
    const builtIn = builtIns.find((tool) => tool.name === entry.name);
    if (builtIn) return entry.kind === builtIn.kind ? builtIn : { ...builtIn, kind: entry.kind as ToolKind };
    return bridgedTool(entry, client, sessionId);
  });
}

function bridgedTool(entry: DiscoveredTool, client: ClientPort, sessionId: string): AnyTool {
  return {
    name: entry.name,
    description: entry.description || `The IDE's ${entry.name} tool.`,
    parameters: z.record(z.string(), z.unknown()),
    jsonSchema: entry.parameters,
    kind: entry.kind,
    asksPermission: entry.requiresPermission,
    title: (args: Record<string, unknown>) => `${entry.name}${summarize(args)}`,
    async execute(args: Record<string, unknown>, context) {
      if (entry.requiresPermission) {
        await context.permissions.check(
          { action: "mcp", toolName: entry.name, toolCallId: context.toolCallId, title: `${entry.name}${summarize(args)}` },
          context.signal,
        );
      }
      const raw = await client.request(CALL_TOOL_METHOD, { sessionId, name: entry.name, arguments: args }, { cancellationSignal: context.signal });
      const result = callToolResultSchema.safeParse(raw);
      if (!result.success) throw new ToolInputError(`The IDE answered ${CALL_TOOL_METHOD} for ${entry.name} with a malformed result.`);
      const text = result.data.content
        .map((block) => (block.type === "text" && typeof block.text === "string" ? block.text : `[${block.type} content]`))
        .join("\n");
      return { output: text || "(no output)", content: [{ type: "text", text: text || "(no output)" }], isError: result.data.isError === true };
    },
  };
}

function summarize(args: Record<string, unknown>): string {
  const first = Object.values(args).find((value) => typeof value === "string") as string | undefined;
  if (!first) return "";
  return `: ${first.length > 60 ? `${first.slice(0, 59)}…` : first}`;
}
