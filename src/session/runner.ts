/**
 * THE session runner: every front end (ACP, `punie ask`, HTTP, eval) opens sessions and runs
 * prompts here. It assembles the model, the tools (core or the IDE's catalog, Python, MCP), the
 * permission gate with the project's rules, the instructions, the answer check and the recording
 * (turns, live events, status, heartbeat, cross-process cancel). A front end supplies only a
 * Workspace — whose `requestPermission` is its permission UI — and renderers of events.
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { AgentEvent } from "../agent/events.ts";
import { buildInstructions, type InstructionMode } from "../agent/instructions.ts";
import { type AgentLimits, runTurn, type TurnResult } from "../agent/loop.ts";
import { PunieError } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { connectMcpLazily } from "../mcp/lazy.ts";
import type { McpSessionTools } from "../mcp/session.ts";
import type { McpServerConfig } from "../mcp/types.ts";
import { createModel } from "../model/create-model.ts";
import { modelOptionsFromEnv } from "../model/options.ts";
import type { ChatMessage, ImageInput, Model } from "../model/types.ts";
import type { PermissionMode } from "../permissions/modes.ts";
import { createPolicyGate, type PermissionDecisionRecord, type PolicyGate } from "../permissions/policy-gate.ts";
import { loadSettings, type ResolvedSettings } from "../settings/load.ts";
import {
  claimSession,
  defaultStorePath,
  openStore,
  recordTurn,
  type SessionStatus,
  type Store,
  type TurnRecord,
  updateSession,
} from "../store/index.ts";
import { CORE_TOOLS, toolSpecs } from "../tools/index.ts";
import type { AnyTool } from "../tools/types.ts";
import type { PermissionOutcome, PermissionRequest, Workspace } from "../workspace/types.ts";
import { openLiveLog } from "./live-log.ts";
import { promptImages, promptToText, titleFromPrompt } from "./prompt-text.ts";
import { projectRuleStore, toStoredDecision } from "./recording.ts";
import { answerCheckFor, pythonToolsFor } from "./tools.ts";
import { createTurnRecorder } from "./turn-recorder.ts";
import { eventToUpdate, textChunk, toAcpContent } from "./updates.ts";

export type SessionSource = "acp" | "ask" | "http" | "eval";

/** The front end's workspace: LocalWorkspace, AcpWorkspace, or a test's MemoryWorkspace. */
export type RunnerWorkspace = Workspace & {
  /** Absolute folders the tools may use (default: only `cwd`). */
  readonly roots?: readonly string[];
  /** Ends the workspace's terminals; called by `close()`. */
  dispose?(): Promise<void>;
  /** Whether the client created this terminal (ACP `terminal` content shows only those). */
  isClientTerminal?(terminalId: string): boolean;
};

export type OpenSessionOptions = {
  source: SessionSource;
  workspace: RunnerWorkspace;
  env: Record<string, string | undefined>;
  log: Logger;
  /** Which instruction set the model gets: `acp` (in an IDE) or `local` (terminal, scripts). */
  instructions: InstructionMode;
  /** The workspace's settings; loaded from its `.punie/settings.json` (and the user's) when absent. */
  settings?: ResolvedSettings;
  /** Model spec (`ollama:qwen2.5-coder:7b`, `test`…); default: settings, then `local`. */
  modelSpec?: string;
  /** Permission mode; default: settings. */
  mode?: PermissionMode;
  /** Session id (a stored one to continue it); default: a new UUID. */
  id?: string;
  /** Earlier messages (a continued session). */
  history?: ChatMessage[];
  title?: string | null;
  mcpServers?: readonly McpServerConfig[];
  /** An open store (shared by a process's sessions), null for none; default: open `~/.punie/punie.db`. */
  store?: Store | null;
  /** Overrides of the settings' limits. */
  limits?: Partial<AgentLimits>;
  /** The model's context window when known (reported in usage_update `size`). */
  contextWindow?: number | null;
  /** The base tools, asked before each turn (an IDE's tool catalog); default: Punie's core tools. */
  baseTools?: () => Promise<readonly AnyTool[]>;
  /** Every agent-loop event as it happens (terminal renderers, eval scoring). */
  onEvent?: (event: AgentEvent) => void;
  /** Every ACP-shaped session/update as it happens (ACP clients); the same ones are recorded. */
  onUpdate?: (update: acp.SessionUpdate) => void;
};

/** What a prompt returned: the loop's result and the turn's full record (timings, tool calls, decisions). */
export type TurnOutcome = TurnResult & { record: TurnRecord };

export type RunnerSession = {
  readonly id: string;
  /** Absolute working directory. */
  readonly cwd: string;
  readonly roots: readonly string[];
  readonly source: SessionSource;
  readonly workspace: RunnerWorkspace;
  readonly settings: ResolvedSettings;
  readonly store: Store | null;
  /** The conversation so far (grows with each turn). */
  readonly history: ChatMessage[];
  readonly title: string | null;
  readonly mode: PermissionMode;
  readonly modelSpec: string;
  readonly model: Model;
  readonly contextWindow: number | null;
  readonly status: SessionStatus;
  readonly mcp: McpSessionTools;
  readonly pythonTools: Promise<AnyTool[]>;
  readonly gate: PolicyGate;
  /**
   * Runs one prompt turn. Rejects with SessionBusyError when a turn is already running. Ends with
   * stopReason `cancelled` after `cancel()`, the signal, or a cancel requested through the store.
   */
  prompt(input: string | readonly acp.ContentBlock[], options?: { signal?: AbortSignal }): Promise<TurnOutcome>;
  /**
   * Runs a front end's own answer to a prompt (an ACP slash command) as the session's turn: it
   * meets the same SessionBusyError as `prompt`, and a prompt sent meanwhile is refused the same way.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Names the session after its first prompt (no model request); later calls do nothing. */
  nameFrom(text: string): void;
  cancel(): void;
  setMode(mode: PermissionMode): void;
  /** Switches the model from the next turn (the same spec only updates the context window); throws on a spec it cannot use. */
  setModel(spec: string, contextWindow?: number | null): void;
  /** The tools of the next turn: base tools, then Python and MCP tools not already named. */
  tools(): Promise<AnyTool[]>;
  /** Cancels a running turn, ends MCP servers and terminals; the session is recorded `ended`. */
  close(): Promise<void>;
};

export class SessionBusyError extends PunieError {
  constructor() {
    super("session_busy", "A prompt is already running in this session; cancel it first.");
  }
}

/**
 * Opens a session: loads settings (unless given), records the session (cwd, source, model, pid,
 * status), and connects MCP servers and detects Python tools in the background.
 *
 * @example
 * const workspace = createLocalWorkspace({ root: dir, askPermission });
 * const session = await openSession({ source: "eval", workspace, env, log, instructions: "local", mode: "auto", modelSpec: "test" });
 * const outcome = await session.prompt("Fix calc.py");
 * console.log(outcome.stopReason, outcome.record.toolCalls.length);
 * await session.close();
 */
export async function openSession(options: OpenSessionOptions): Promise<RunnerSession> {
  const { workspace, env, log, source } = options;
  const cwd = workspace.cwd;
  const roots = workspace.roots ?? [cwd];
  const settings = options.settings ?? (await loadSettings({ workspace: cwd, env, flags: { model: options.modelSpec } }));
  const ownsStore = options.store === undefined;
  const store = ownsStore ? openStore({ path: defaultStorePath(env), log: { warn: (message) => log.warn(message) } }) : (options.store ?? null);
  const id = options.id ?? crypto.randomUUID();
  let modelSpec = options.modelSpec ?? settings.model ?? "local";
  let model: Model;
  try {
    model = createModel(modelSpec, env, modelOptionsFromEnv(env));
  } catch (error) {
    if (ownsStore) store?.close();
    throw error;
  }
  let mode = options.mode ?? settings.mode;
  let title = options.title ?? null;
  let contextWindow = options.contextWindow ?? null;
  let status: SessionStatus = "idle";
  let running: AbortController | null = null;
  let onDecision: ((record: PermissionDecisionRecord) => void) | null = null;
  const history = options.history ?? [];
  // Tool-call ids are the session's own: they go on after a load (every call the history holds
  // had one of the numbers up to its count) and across model switches.
  let toolCallCount = countToolCalls(history);
  const newToolCallId = () => `tool-${++toolCallCount}`;
  // The context use last reported: a cancel or a model fault reports none, and must not show 0.
  let lastUsed: number | null = null;
  const clientTerminals = (terminalId: string) => workspace.isClientTerminal?.(terminalId) ?? false;
  // The one busy check: a prompt and a front end's own command both take the turn here.
  const claimTurn = (): AbortController => {
    if (running) throw new SessionBusyError();
    running = new AbortController();
    return running;
  };

  if (store) claimSession(store, { id, cwd, source, model: modelSpec, mode, title, pid: process.pid, status });
  const live = openLiveLog(store, id);
  live.session({ status, cwd, source, model: modelSpec, mode, title, pid: process.pid });

  const setStatus = (next: SessionStatus) => {
    if (next === status) return;
    status = next;
    live.status(next);
  };
  const emitUpdate = (update: acp.SessionUpdate) => {
    live.update(update);
    options.onUpdate?.(update);
  };

  // Every question goes through here: recorded (another process may show it), status `waiting`.
  const askPerson = async (request: PermissionRequest, signal: AbortSignal): Promise<PermissionOutcome> => {
    const requestId = request.requestId ?? crypto.randomUUID();
    live.permission({
      requestId,
      toolCallId: request.toolCallId,
      title: request.title,
      options: request.options.map(({ optionId, name, kind }) => ({ optionId, name, kind })),
      ...(request.command === undefined ? {} : { command: request.command }),
      // What is approved (a diff), ACP-shaped like the tool call's content.
      ...(request.content === undefined ? {} : { content: toAcpContent(request.content) }),
    });
    const before = status;
    setStatus("waiting");
    let outcome: PermissionOutcome = { outcome: "cancelled" };
    try {
      outcome = await workspace.requestPermission({ ...request, requestId }, signal);
      return outcome;
    } finally {
      live.permission({ requestId, outcome });
      setStatus(before === "waiting" ? "running" : before);
    }
  };

  const mcp = connectMcpLazily(options.mcpServers ?? [], { cwd, log, connectTimeoutMs: settings.timeouts.mcpConnectMs });
  const pythonTools = pythonToolsFor(cwd, env);
  const gate = createPolicyGate({
    workspace: { cwd, requestPermission: askPerson },
    getMode: () => mode,
    rules: settings.rules,
    roots,
    projectRules: store ? projectRuleStore(store, cwd) : null,
    onDecision: (record) => onDecision?.(record),
    isReadOnlyTool: (name) => mcp.tools().some((tool) => tool.name === name && tool.kind === "read"),
  });

  const tools = async (): Promise<AnyTool[]> => {
    const base = options.baseTools ? await options.baseTools() : CORE_TOOLS;
    const names = new Set(base.map((tool) => tool.name));
    const extra = [...(await pythonTools), ...mcp.tools()].filter((tool) => !names.has(tool.name));
    return [...base, ...extra];
  };

  const nameFrom = (text: string) => {
    if (title !== null) return;
    title = titleFromPrompt(text);
    emitUpdate({ sessionUpdate: "session_info_update", title, updatedAt: new Date().toISOString() });
    if (store) updateSession(store, id, { title });
  };

  const runModelTurn = async (text: string, images: ImageInput[], signal: AbortSignal): Promise<TurnOutcome> => {
    // MCP servers were started with the session; the first prompt waits for them (each bounded).
    await mcp.ready();
    for (const problem of mcp.problems()) emitUpdate(textChunk("agent_message_chunk", `⚠ ${problem}\n\n`));
    const turnTools = await tools();
    const specs = toolSpecs(turnTools);
    const instructions = buildInstructions({
      mode: options.instructions,
      cwd,
      tools: specs,
      ideAbilities: mcp.abilities(),
      extra: settings.instructions,
    });
    // Python and MCP tools run as local processes even in an IDE session.
    const localTools = new Set([...(await pythonTools), ...mcp.tools()].map((tool) => tool.name));
    const recorder = createTurnRecorder({
      prompt: text,
      instructions,
      tools: specs,
      model: modelSpec,
      backend: workspace.kind,
      frontend: source,
      backendOf: (name) => (localTools.has(name) ? "local" : workspace.kind),
    });
    onDecision = (record) => recorder.permission(toStoredDecision(record));
    let sawMessage = false;
    const check = (settings.pythonCheck ?? options.instructions === "local") ? answerCheckFor(cwd, env, (message) => log.debug(message)) : null;
    const result = await runTurn({
      model,
      tools: turnTools,
      instructions,
      history,
      prompt: text,
      images,
      workspace,
      permissions: gate,
      signal,
      limits: { ...settings.limits, ...options.limits },
      ...(check ? { checkAnswer: check } : {}),
      newToolCallId,
      onEvent(event) {
        recorder.push(event);
        options.onEvent?.(event);
        if (event.type === "model_request" && event.usage) lastUsed = event.usage.inputTokens + event.usage.outputTokens;
        const update = eventToUpdate(event, clientTerminals);
        if (!update) return;
        if (update.sessionUpdate === "agent_message_chunk") sawMessage = true;
        emitUpdate(update);
      },
    });
    history.push(...result.messages);
    // JetBrains can stay stuck on a turn that produced thoughts but no message: say something.
    if (!sawMessage && result.stopReason !== "cancelled") emitUpdate(textChunk("agent_message_chunk", stopNote(result)));
    if (lastUsed !== null) emitUpdate({ sessionUpdate: "usage_update", used: lastUsed, size: contextWindow ?? settings.contextWindow });
    const record = recorder.finish(result);
    if (store) recordTurn(store, id, record);
    log.info(`prompt in ${id} ended: ${result.stopReason}`);
    return { ...result, record };
  };

  const session: RunnerSession = {
    id,
    cwd,
    roots,
    source,
    workspace,
    settings,
    store,
    history,
    get title() {
      return title;
    },
    get mode() {
      return mode;
    },
    get modelSpec() {
      return modelSpec;
    },
    get model() {
      return model;
    },
    get contextWindow() {
      return contextWindow;
    },
    get status() {
      return status;
    },
    mcp,
    pythonTools,
    gate,
    async prompt(input, promptOptions = {}) {
      const controller = claimTurn();
      const external = promptOptions.signal;
      const abort = () => controller.abort();
      external?.addEventListener("abort", abort, { once: true });
      if (external?.aborted) controller.abort();
      const stopWatching = live.watchCancel(Date.now(), abort);
      try {
        const text = typeof input === "string" ? input : promptToText(input);
        nameFrom(text);
        setStatus("running");
        // Recorded only (the client shows its own prompt): a dashboard shows it with the live turn.
        live.update(textChunk("user_message_chunk", text));
        return await runModelTurn(text, typeof input === "string" ? [] : promptImages(input), controller.signal);
      } finally {
        stopWatching();
        external?.removeEventListener("abort", abort);
        onDecision = null;
        running = null;
        setStatus("idle");
        live.flush();
      }
    },
    async exclusive(work) {
      claimTurn();
      try {
        return await work();
      } finally {
        running = null;
      }
    },
    nameFrom,
    cancel: () => running?.abort(),
    setMode(next) {
      mode = next;
      if (store) updateSession(store, id, { mode });
      live.session({ mode });
    },
    setModel(spec, window = null) {
      if (spec === modelSpec) {
        // Same model, newly learnt context window (the server's model list answered).
        contextWindow = window ?? contextWindow;
        return;
      }
      model = createModel(spec, env, modelOptionsFromEnv(env));
      modelSpec = spec;
      contextWindow = window;
      if (store) updateSession(store, id, { model: spec });
      live.session({ model: spec });
    },
    tools,
    async close() {
      running?.abort();
      await Promise.allSettled([mcp.close(), workspace.dispose?.()]);
      setStatus("ended");
      live.close();
      if (ownsStore) store?.close();
    },
  };
  return session;
}

/** Tool calls the model made in a conversation. */
function countToolCalls(history: readonly ChatMessage[]): number {
  return history.reduce((count, message) => count + (message.role === "assistant" ? (message.tool_calls?.length ?? 0) : 0), 0);
}

function stopNote(result: TurnResult): string {
  switch (result.stopReason) {
    case "max_tokens":
      return "(The model reached its output token limit before answering.)";
    case "max_turn_requests":
      return "(Stopped: the model made too many requests for one prompt.)";
    default:
      return "(The model gave no answer.)";
  }
}
