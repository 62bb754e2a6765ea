/**
 * The MCP servers of one session: connects to all of them at once in the background (session/new
 * must answer at once), exposes the tools of those that answered, reports each broken or slow
 * server once, and closes them all with the session.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { errorMessage } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import type { AnyTool } from "../tools/types.ts";
import { connectServer, type McpConnection } from "./connect.ts";
import { McpConnectError } from "./errors.ts";
import { createMcpTool, type McpToolDefinition } from "./mcp-tool.ts";
import { MCP_TOOL_PREFIX, mcpToolName, sanitizeNamePart, uniqueServerNames } from "./naming.ts";
import type { McpServerConfig, McpTransportKind } from "./types.ts";

export const DEFAULT_MCP_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_MCP_CALL_TIMEOUT_MS = 120_000;
const ABILITY_NAMES_SHOWN = 12;

export type McpSessionOptions = {
  /** The session's cwd: stdio servers start there; the IDE's tools get it as their project path. */
  cwd: string;
  log: Logger;
  /** How long one server may take to connect and list its tools (all attempts together). */
  connectTimeoutMs?: number;
  /** How long one tool call may take (reset whenever the server reports progress). */
  callTimeoutMs?: number;
  /** Base environment for stdio servers; default: the MCP SDK's safe subset (HOME, PATH, …). */
  env?: Record<string, string>;
};

export type McpServerState = "connecting" | "ready" | "failed";

export type McpServerStatus = {
  name: string;
  state: McpServerState;
  error?: string;
  toolCount: number;
  /** How it is connected (the JetBrains descriptor may end up on "http" or "sse"). */
  transport?: McpTransportKind;
  endpoint?: string;
};

export type McpSessionTools = {
  /** Resolves when every server has connected or failed; never later than the connect timeout. */
  ready(): Promise<void>;
  /** The tools of the servers connected so far. */
  tools(): AnyTool[];
  status(): McpServerStatus[];
  /** One line per server for the model's instructions. */
  abilities(): string[];
  /** Problems not yet returned: each broken or slow server appears once over the session. */
  problems(): string[];
  /** Closes every client and ends stdio children. Idempotent. */
  close(): Promise<void>;
};

type Entry = {
  name: string;
  config: McpServerConfig;
  state: McpServerState;
  error?: string;
  connection?: McpConnection;
  tools: AnyTool[];
  toolNames: string[];
  reported: boolean;
};

export function connectMcpServers(servers: readonly McpServerConfig[], options: McpSessionOptions): McpSessionTools {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_MCP_CONNECT_TIMEOUT_MS;
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_MCP_CALL_TIMEOUT_MS;
  const { log } = options;
  const deadline = Date.now() + connectTimeoutMs;
  const names = uniqueServerNames(servers.map((server) => server.name));
  const entries: Entry[] = servers.map((config, index) => ({
    name: names[index] ?? config.name,
    config,
    state: "connecting",
    tools: [],
    toolNames: [],
    reported: false,
  }));
  const takenNames = new Set<string>();
  const unreported: string[] = [];
  const abort = new AbortController();
  const abandoned = new Set<Promise<void>>();
  /** Tool lists being fetched again after list_changed: the next turn waits for them. */
  const relistings = new Set<Promise<void>>();
  let closing: Promise<void> | null = null;

  const fail = (entry: Entry, message: string) => {
    entry.state = "failed";
    entry.error = message;
    entry.tools = [];
    log.warn(`mcp ${entry.name}: ${message}`);
    if (entry.reported) return;
    entry.reported = true;
    unreported.push(`MCP server "${entry.name}" is unavailable: ${message}`);
  };

  const start = async (entry: Entry) => {
    try {
      const connection = await connectServer(entry.config, {
        label: entry.name,
        cwd: options.cwd,
        log,
        ...(options.env ? { env: options.env } : {}),
        deadline,
        timeoutMs: connectTimeoutMs,
        signal: abort.signal,
        onLost: (reason) => {
          if (!closing) fail(entry, reason);
        },
        onAbandoned: (shutdown) => {
          abandoned.add(shutdown);
          void shutdown.finally(() => abandoned.delete(shutdown));
        },
      });
      entry.connection = connection;
      if (closing) return void connection.close();
      const definitions = await listAllTools(connection.client, deadline, abort.signal).catch((error: unknown) => {
        throw new McpConnectError(`connected, but listing its tools failed: ${errorMessage(error)}`);
      });
      if (closing) return;
      setTools(entry, connection, definitions);
      followListChanges(entry, connection);
      entry.state = "ready";
      log.info(`mcp ${entry.name}: ${entry.tools.length} tools over ${connection.transport} (${connection.endpoint})`);
    } catch (error) {
      if (closing) return;
      fail(entry, errorMessage(error));
      void entry.connection?.close();
    }
  };

  const setTools = (entry: Entry, connection: McpConnection, definitions: McpToolDefinition[]) => {
    for (const tool of entry.tools) takenNames.delete(tool.name);
    entry.toolNames = [];
    entry.tools = definitions.map((definition) => {
      const name = mcpToolName(entry.name, definition.name, takenNames);
      takenNames.add(name);
      entry.toolNames.push(definition.name);
      return createMcpTool(definition, name, { server: entry.name, connection, callTimeoutMs });
    });
  };

  /** `notifications/tools/list_changed`: the list is fetched again; the next turn offers it. */
  const followListChanges = (entry: Entry, connection: McpConnection) => {
    let relisting = Promise.resolve();
    connection.client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      relisting = relisting.then(async () => {
        try {
          const definitions = await listAllTools(connection.client, Date.now() + connectTimeoutMs, abort.signal);
          if (closing || entry.state !== "ready") return;
          setTools(entry, connection, definitions);
          log.info(`mcp ${entry.name}: tool list changed, now ${entry.tools.length} tools`);
        } catch (error) {
          log.warn(`mcp ${entry.name}: listing its tools again failed: ${errorMessage(error)}`);
        }
      });
      const pending = relisting;
      relistings.add(pending);
      await pending.finally(() => relistings.delete(pending));
    });
  };

  const settled = Promise.all(entries.map(start)).then(() => {});

  return {
    ready() {
      // Every server already has the deadline; this only guards against a transport that ignores it.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const guard = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, deadline - Date.now()) + 1000);
      });
      // A list_changed notification may still be relisting: the next turn offers the new list.
      const current = Promise.all([settled, ...relistings]).then(() => {});
      return Promise.race([current, guard]).finally(() => clearTimeout(timer));
    },
    tools: () => entries.flatMap((entry) => (entry.state === "ready" ? entry.tools : [])),
    status: () =>
      entries.map((entry) => ({
        name: entry.name,
        state: entry.state,
        ...(entry.error === undefined ? {} : { error: entry.error }),
        toolCount: entry.state === "ready" ? entry.tools.length : 0,
        ...(entry.connection ? { transport: entry.connection.transport, endpoint: entry.connection.endpoint } : {}),
      })),
    abilities: () => entries.flatMap(abilityLine),
    problems: () => unreported.splice(0),
    close() {
      closing ??= (async () => {
        abort.abort();
        await settledOrSoon(settled);
        await Promise.all([...entries.map((entry) => entry.connection?.close()), ...abandoned]);
      })();
      return closing;
    },
  };
}

function abilityLine(entry: Entry): string[] {
  const prefix = `${MCP_TOOL_PREFIX}${sanitizeNamePart(entry.name)}__`;
  switch (entry.state) {
    case "ready": {
      if (entry.toolNames.length === 0) return [];
      const shown = entry.toolNames.slice(0, ABILITY_NAMES_SHOWN).join(", ");
      const more = entry.toolNames.length > ABILITY_NAMES_SHOWN ? ", …" : "";
      return [`${entry.name}: ${entry.toolNames.length} tools (named ${prefix}…) — ${shown}${more}`];
    }
    case "failed":
      return [`${entry.name}: unavailable this session (${entry.error ?? "failed"})`];
    case "connecting":
      return [`${entry.name}: still connecting; its tools are not available yet`];
  }
}

async function listAllTools(client: Client, deadline: number, signal: AbortSignal): Promise<McpToolDefinition[]> {
  if (!client.getServerCapabilities()?.tools) return [];
  const tools: McpToolDefinition[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor }, {
      timeout: Math.max(1, deadline - Date.now()),
      signal,
    });
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

/** close() waits for in-flight connects to notice the abort, but not forever. */
async function settledOrSoon(settled: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)))]);
  clearTimeout(timer);
}
