/**
 * Opens one MCP client for one server descriptor: stdio, streamable HTTP or SSE, and for the
 * JetBrains descriptor the IDE's port first. Every attempt shares one deadline so a slow server
 * cannot hold the session up longer than the connect timeout.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { errorMessage } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { VERSION } from "../version.ts";
import { McpConnectError } from "./errors.ts";
import { endProcess, killAtExit } from "./exit-hook.ts";
import { type JetBrainsDescriptor, jetbrainsDescriptor, jetbrainsEndpoints } from "./jetbrains.ts";
import { isStdioServer, type McpServerConfig, type McpStdioServerConfig, type McpTransportKind, nameValuesToRecord } from "./types.ts";

export type McpConnection = {
  client: Client;
  transport: McpTransportKind;
  /** The URL or command line actually used, for status and logs. */
  endpoint: string;
  jetbrains: JetBrainsDescriptor | null;
  /** Closes the client and, for stdio, ends the child (stdin closed, then SIGTERM, then SIGKILL). */
  close(): Promise<void>;
};

export type ConnectOptions = {
  /** Display name, for logs and messages. */
  label: string;
  cwd: string;
  log: Logger;
  /** Base environment for stdio servers (the descriptor's env is added on top). */
  env?: Record<string, string>;
  /** Absolute time (ms since epoch) after which connecting gives up. */
  deadline: number;
  /** The connect timeout the deadline came from, for messages. */
  timeoutMs: number;
  /** Aborted when the session closes while connecting. */
  signal: AbortSignal;
  /** Called once if an established connection ends without close() (e.g. the child died). */
  onLost(reason: string): void;
  /** Receives the shutdown of a client that failed to connect, so the session can await it. */
  onAbandoned?(closing: Promise<void>): void;
};

const STDERR_TAIL_CHARS = 600;

export async function connectServer(server: McpServerConfig, options: ConnectOptions): Promise<McpConnection> {
  if (!isStdioServer(server)) {
    const headers = nameValuesToRecord(server.headers);
    return connectRemote(server.type, server.url, headers, null, options);
  }
  const jetbrains = jetbrainsDescriptor(server);
  if (!jetbrains) return connectStdio(server, null, options);

  const failures: string[] = [];
  for (const endpoint of jetbrainsEndpoints(jetbrains)) {
    try {
      const connection = await connectRemote(endpoint.transport, endpoint.url, jetbrains.headers, jetbrains, options);
      options.log.info(`mcp ${options.label}: connected to the IDE directly at ${endpoint.url}`);
      return connection;
    } catch (error) {
      if (options.signal.aborted) throw error;
      failures.push(`${endpoint.url}: ${errorMessage(error)}`);
    }
  }
  options.log.info(`mcp ${options.label}: the IDE's port did not answer, running its stdio command`, failures);
  try {
    return await connectStdio(server, jetbrains, options);
  } catch (error) {
    throw new McpConnectError(
      `could not reach the IDE's MCP server on 127.0.0.1:${jetbrains.port} (is the MCP server enabled in the IDE settings?) and its stdio command failed: ${errorMessage(error)}`,
    );
  }
}

async function connectRemote(
  kind: "http" | "sse",
  url: string,
  headers: Record<string, string>,
  jetbrains: JetBrainsDescriptor | null,
  options: ConnectOptions,
): Promise<McpConnection> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new McpConnectError(`invalid URL "${url}"`);
  }
  const requestInit: RequestInit = { headers };
  const transport =
    kind === "http" ? new StreamableHTTPClientTransport(parsed, { requestInit }) : new SSEClientTransport(parsed, { requestInit });
  const client = await handshake(transport, kind, url, options, () => "", async () => {});
  return track(client, kind, url, jetbrains, options, null, () => {});
}

async function connectStdio(
  server: McpStdioServerConfig,
  jetbrains: JetBrainsDescriptor | null,
  options: ConnectOptions,
): Promise<McpConnection> {
  const transport = new StdioClientTransport({
    command: server.command,
    args: server.args,
    env: { ...options.env, ...nameValuesToRecord(server.env) },
    cwd: options.cwd,
    // stderr is the server's log: keep it out of punie's stderr, in the log file, and quote its
    // tail when the server dies before answering.
    stderr: "pipe",
  });
  let tail = "";
  transport.stderr?.on("data", (chunk: Buffer | string) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-STDERR_TAIL_CHARS);
    for (const line of text.split("\n")) if (line.trim() !== "") options.log.debug(`mcp ${options.label} stderr: ${line}`);
  });
  // The pid is gone from the transport once it starts closing, and a failed handshake closes it:
  // note it as soon as the child exists so it can be ended and killed at exit whatever happens.
  let pid: number | null = null;
  let forget = () => {};
  const start = transport.start.bind(transport);
  transport.start = async () => {
    await start();
    pid = transport.pid;
    if (pid !== null) forget = killAtExit(pid);
  };
  const commandLine = [server.command, ...server.args].join(" ");
  try {
    const client = await handshake(transport, "stdio", commandLine, options, () => tail.trim(), async () => {
      if (pid !== null) await endProcess(pid);
      forget();
    });
    return track(client, "stdio", commandLine, jetbrains, options, pid, forget);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new McpConnectError(`command not found: ${server.command}`);
    throw error;
  }
}

/** Runs the MCP initialize handshake under the shared deadline; on failure closes what it opened. */
async function handshake(
  transport: Transport,
  kind: McpTransportKind,
  endpoint: string,
  options: ConnectOptions,
  stderrTail: () => string,
  /** Ends what the SDK's close may leave running (a child that ignores stdin closing). */
  afterClose: () => Promise<void>,
): Promise<Client> {
  const client = new Client({ name: "punie", version: VERSION }, { capabilities: {} });
  const timeout = Math.max(1, options.deadline - Date.now());
  try {
    await client.connect(transport, { timeout, signal: options.signal });
    return client;
  } catch (error) {
    // Closing a never-answering stdio server may take seconds (stdin, SIGTERM, SIGKILL): the
    // caller must not wait for it.
    options.onAbandoned?.(
      client
        .close()
        .catch(() => {})
        .then(afterClose),
    );
    throw describeConnectError(error, kind, endpoint, options.timeoutMs, stderrTail());
  }
}

function describeConnectError(error: unknown, kind: McpTransportKind, endpoint: string, timeoutMs: number, stderr: string): Error {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") return error as Error;
  const why = stderr ? ` (its stderr: ${stderr.replace(/\s+/g, " ")})` : "";
  if (error instanceof McpError && error.code === ErrorCode.RequestTimeout)
    return new McpConnectError(`no answer to the MCP handshake within ${formatSeconds(timeoutMs)}${why}`, { cause: error });
  if (error instanceof McpError && error.code === ErrorCode.ConnectionClosed)
    return new McpConnectError(
      kind === "stdio" ? `the command exited before answering the MCP handshake${why}` : "the server closed the connection",
      { cause: error },
    );
  const where = kind === "stdio" ? "" : `cannot connect to ${endpoint}: `;
  return new McpConnectError(`${where}${errorMessage(error)}${why}`, { cause: error });
}

function track(
  client: Client,
  transport: McpTransportKind,
  endpoint: string,
  jetbrains: JetBrainsDescriptor | null,
  options: ConnectOptions,
  pid: number | null,
  forget: () => void,
): McpConnection {
  let closing: Promise<void> | null = null;
  client.onclose = () => {
    forget();
    if (!closing) options.onLost(transport === "stdio" ? "the server process exited" : "the connection closed");
  };
  return {
    client,
    transport,
    endpoint,
    jetbrains,
    close() {
      closing ??= client
        .close()
        .catch((error: unknown) => options.log.debug(`mcp ${options.label}: close failed`, error))
        .then(() => (pid === null ? undefined : endProcess(pid)))
        .finally(forget);
      return closing;
    },
  };
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
