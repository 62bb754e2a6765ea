/**
 * Plays the IDE: the SDK's own client side driving an agent process over real stdio. Files are
 * served from disk, terminals are real processes, permission is answered by a callback, and every
 * session/update is recorded. Used by Punie's end-to-end tests and the README demo; exported so
 * users can test their own setups.
 */
import * as acp from "@agentclientprotocol/sdk";
import { createLocalTerminals } from "../workspace/local-terminals.ts";

export type PermissionAnswer = (request: acp.RequestPermissionRequest) => acp.RequestPermissionResponse | Promise<acp.RequestPermissionResponse>;

export type AgentProcessOptions = {
  /** The agent command, e.g. ["dist/punie", "--model", "test"]. */
  command: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** What the client advertises (default: fs read/write and terminal). */
  capabilities?: acp.ClientCapabilities;
  /** Default: allow once. */
  permission?: PermissionAnswer;
  /** Sees each update as it arrives (the demo prints them). */
  onUpdate?: (notification: acp.SessionNotification) => void;
  /** Extra request handlers (e.g. Punie's `_punie/*` extensions). */
  extensions?: Record<string, (params: unknown) => unknown | Promise<unknown>>;
};

export type AgentProcess = {
  agent: acp.ClientContext;
  updates: acp.SessionNotification[];
  permissionRequests: acp.RequestPermissionRequest[];
  /** Requests the agent made of the client, by method, in order. */
  clientCalls: { method: string; params: unknown }[];
  /** Every JSON-RPC message each side wrote, parsed, in order (check it with `schemaViolations`). */
  wire: { fromAgent: unknown[]; toAgent: unknown[] };
  /** What the agent wrote to stderr so far. */
  stderr(): string;
  process: Bun.Subprocess<"pipe", "pipe", "pipe">;
  /** Sends raw bytes on the agent's stdin (malformed-input tests). */
  writeRaw(text: string): void;
  close(): Promise<number>;
};

export const allowOnce: PermissionAnswer = (request) => ({ outcome: { outcome: "selected", optionId: pick(request, "allow_once") } });
export const rejectOnce: PermissionAnswer = (request) => ({ outcome: { outcome: "selected", optionId: pick(request, "reject_once") } });

function pick(request: acp.RequestPermissionRequest, kind: acp.PermissionOptionKind): string {
  const option = request.options.find((candidate) => candidate.kind === kind);
  if (!option) throw new Error(`no ${kind} option offered`);
  return option.optionId;
}

/** Drops unset variables (undefined means "remove it from the inherited environment"). */
function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export const FULL_CAPABILITIES: acp.ClientCapabilities = { fs: { readTextFile: true, writeTextFile: true }, terminal: true };

export async function startAgentProcess(options: AgentProcessOptions): Promise<AgentProcess> {
  const [program, ...rest] = options.command;
  if (!program) throw new Error("empty agent command");
  const proc = Bun.spawn([program, ...rest], {
    cwd: options.cwd ?? process.cwd(),
    env: definedOnly({ ...process.env, ...options.env }),
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  const wire = { fromAgent: [] as unknown[], toAgent: [] as unknown[] };
  const [agentOutput, tapped] = proc.stdout.tee();
  void collectLines(tapped, wire.fromAgent);
  const sentLines = lineCollector(wire.toAgent);
  let stderrText = "";
  void (async () => {
    for await (const chunk of proc.stderr.pipeThrough(new TextDecoderStream())) stderrText += chunk;
  })();
  const updates: acp.SessionNotification[] = [];
  const permissionRequests: acp.RequestPermissionRequest[] = [];
  const clientCalls: { method: string; params: unknown }[] = [];
  const terminals = createLocalTerminals();
  const record = (method: string, params: unknown) => clientCalls.push({ method, params });

  let app = acp
    .client({ name: "punie-test-client" })
    .onNotification(acp.methods.client.session.update, ({ params }) => {
      updates.push(params);
      options.onUpdate?.(params);
    })
    .onRequest(acp.methods.client.session.requestPermission, async ({ params }) => {
      record("session/request_permission", params);
      permissionRequests.push(params);
      return (options.permission ?? allowOnce)(params);
    })
    .onRequest(acp.methods.client.fs.readTextFile, async ({ params }) => {
      record("fs/read_text_file", params);
      const file = Bun.file(params.path);
      if (!(await file.exists())) throw acp.RequestError.resourceNotFound(params.path);
      const text = await file.text();
      if (!params.line && !params.limit) return { content: text };
      const start = (params.line ?? 1) - 1;
      const lines = text.split("\n");
      return { content: lines.slice(start, params.limit ? start + params.limit : undefined).join("\n") };
    })
    .onRequest(acp.methods.client.fs.writeTextFile, async ({ params }) => {
      record("fs/write_text_file", params);
      await Bun.write(params.path, params.content);
      return {};
    })
    .onRequest(acp.methods.client.terminal.create, async ({ params }) => {
      record("terminal/create", params);
      const terminalId = terminals.create({
        command: params.command,
        args: params.args ?? [],
        cwd: params.cwd ?? process.cwd(),
        outputByteLimit: params.outputByteLimit ?? 1024 * 1024,
      });
      return { terminalId };
    })
    .onRequest(acp.methods.client.terminal.output, async ({ params }) => {
      record("terminal/output", params);
      const { output, truncated, exitStatus } = terminals.output(params.terminalId);
      return { output, truncated, ...(exitStatus ? { exitStatus } : {}) };
    })
    .onRequest(acp.methods.client.terminal.waitForExit, async ({ params, signal }) => {
      record("terminal/wait_for_exit", params);
      return terminals.waitForExit(params.terminalId, signal);
    })
    .onRequest(acp.methods.client.terminal.kill, async ({ params }) => {
      record("terminal/kill", params);
      await terminals.kill(params.terminalId);
      return {};
    })
    .onRequest(acp.methods.client.terminal.release, async ({ params }) => {
      record("terminal/release", params);
      await terminals.release(params.terminalId);
      return {};
    });
  for (const [method, handler] of Object.entries(options.extensions ?? {})) {
    app = app.onRequest(method, { parse: (value: unknown) => value }, async ({ params }) => {
      record(method, params);
      return handler(params);
    });
  }

  const stdin = new WritableStream<Uint8Array>({
    write(chunk) {
      sentLines.push(chunk);
      proc.stdin.write(chunk);
      proc.stdin.flush();
    },
  });
  const connection = app.connect(acp.ndJsonStream(stdin, agentOutput));
  return {
    agent: connection.agent,
    updates,
    permissionRequests,
    clientCalls,
    wire,
    stderr: () => stderrText,
    process: proc,
    writeRaw(text) {
      sentLines.push(new TextEncoder().encode(text));
      proc.stdin.write(text);
      proc.stdin.flush();
    },
    async close() {
      connection.close();
      try {
        proc.stdin.end();
      } catch {}
      await terminals.releaseAll();
      const timer = setTimeout(() => proc.kill("SIGKILL"), 2000);
      const code = await proc.exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Parses newline-delimited JSON pushed in chunks; a line that is not JSON is kept as its text. */
function lineCollector(into: unknown[]) {
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    push(chunk: Uint8Array) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline = buffer.indexOf("\n");
      while (newline !== -1) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line !== "") {
          try {
            into.push(JSON.parse(line));
          } catch {
            into.push(line);
          }
        }
        newline = buffer.indexOf("\n");
      }
    },
  };
}

async function collectLines(stream: ReadableStream<Uint8Array>, into: unknown[]): Promise<void> {
  const lines = lineCollector(into);
  for await (const chunk of stream) lines.push(chunk);
}

/** Initializes with the given capabilities and opens a session in `cwd`. */
export async function openSession(
  handle: AgentProcess,
  cwd: string,
  capabilities: acp.ClientCapabilities = FULL_CAPABILITIES,
  mcpServers: acp.McpServer[] = [],
): Promise<{ initialize: acp.InitializeResponse; sessionId: string; session: acp.NewSessionResponse }> {
  const initialize = await handle.agent.request(acp.methods.agent.initialize, {
    protocolVersion: acp.PROTOCOL_VERSION,
    clientCapabilities: capabilities,
    clientInfo: { name: "punie-test-client", version: "1.0.0" },
  });
  const session = await handle.agent.request(acp.methods.agent.session.new, { cwd, mcpServers });
  return { initialize, sessionId: session.sessionId, session };
}

/** The text of every agent_message_chunk for a session, joined. */
export function agentText(updates: readonly acp.SessionNotification[], sessionId?: string): string {
  return updates
    .filter((n) => (sessionId === undefined || n.sessionId === sessionId) && n.update.sessionUpdate === "agent_message_chunk")
    .map((n) => (n.update.sessionUpdate === "agent_message_chunk" && n.update.content.type === "text" ? n.update.content.text : ""))
    .join("");
}

/** Tool calls with their latest status and accumulated content, in the order they began. */
export function toolCalls(updates: readonly acp.SessionNotification[]): Array<acp.ToolCall & { status: acp.ToolCallStatus }> {
  const calls = new Map<string, acp.ToolCall & { status: acp.ToolCallStatus }>();
  for (const { update } of updates) {
    if (update.sessionUpdate === "tool_call") {
      calls.set(update.toolCallId, { ...update, status: update.status ?? "pending" });
    } else if (update.sessionUpdate === "tool_call_update") {
      const call = calls.get(update.toolCallId);
      if (!call) continue;
      if (update.status) call.status = update.status;
      if (update.title) call.title = update.title;
      if (update.content) call.content = [...(call.content ?? []), ...update.content];
      if (update.rawOutput !== undefined) call.rawOutput = update.rawOutput;
    }
  }
  return [...calls.values()];
}
