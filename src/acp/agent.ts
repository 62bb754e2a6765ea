/**
 * The ACP front end: wires the SDK's agent app to sessions that run the agent loop. Each IDE
 * window starts its own punie process with one connection.
 */
import { stat } from "node:fs/promises";
import { isAbsolute } from "node:path";
import * as acp from "@agentclientprotocol/sdk";
import type { AgentLimits } from "../agent/loop.ts";
import { ConfigError, errorMessage } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import type { ChatMessage } from "../model/types.ts";
import { parseMode, type PermissionMode } from "../permissions/modes.ts";
import type { ResolvedSettings } from "../settings/load.ts";
import type { Store } from "../store/index.ts";
import type { AcpSession } from "./acp-session.ts";
import { AVAILABLE_COMMANDS, type CommandHost } from "./commands.ts";
import { configOptions, MODE_OPTION_ID, MODEL_OPTION_ID, type ModelChoice, modeState } from "./session-config.ts";
import { createUpdateSender } from "./session-sender.ts";
import { loadZod } from "../zod-loader.ts";

export type AcpAgentOptions = {
  /** Name shown in the IDE. */
  name: string;
  version: string;
  /** `--model` from the command line (beats env and settings). */
  modelFlag: string | undefined;
  env: Record<string, string | undefined>;
  log: Logger;
  limits?: Partial<AgentLimits>;
};

const LIST_PAGE_SIZE = 50;

/**
 * Sessions load the model client, tools, MCP and the rest on first use, so `initialize` answers
 * as fast as the SDK allows (the cold-start budget in DESIGN.md); zod comes with them, since
 * loading a session, settings and the IDE's tool catalog use its schemas (zod-loader.ts).
 */
const runtime = () => Promise.all([import("./session-runtime.ts"), loadZod()]).then(([module]) => module);

export type AcpAgent = {
  app: acp.AgentApp;
  /** Ends every session: MCP servers and terminals are closed, running prompts cancelled. */
  shutdown(): Promise<void>;
};

export function createAcpAgent(options: AcpAgentOptions): AcpAgent {
  const { log, env } = options;
  const sessions = new Map<string, AcpSession>();
  const choices = new Map<string, ModelChoice[]>();
  let clientCapabilities: acp.ClientCapabilities | undefined;
  let store: Store | null | undefined;
  // Opened on first use, after initialize has been answered: start-up stays fast.
  const getStore = async (): Promise<Store | null> => {
    if (store === undefined) {
      const { openStore, defaultStorePath } = await runtime();
      store = openStore({ path: defaultStorePath(env), log: { warn: (message) => log.warn(message) } });
    }
    return store;
  };

  const sessionFor = (sessionId: string): AcpSession => {
    const session = sessions.get(sessionId);
    if (!session) throw acp.RequestError.sessionNotFound(sessionId);
    return session;
  };

  const settingsFor = async (cwd: string): Promise<ResolvedSettings> => {
    if (!isAbsolute(cwd) || !(await stat(cwd).catch(() => null))?.isDirectory()) {
      throw acp.RequestError.invalidParams(undefined, `cwd must be the absolute path of an existing folder, not "${cwd}"`);
    }
    const { loadSettings } = await runtime();
    try {
      return await loadSettings({ workspace: cwd, env, flags: { model: options.modelFlag } });
    } catch (error) {
      if (error instanceof ConfigError) throw new acp.RequestError(-32603, `Punie's settings are invalid: ${error.message}`);
      throw error;
    }
  };

  const open = async (
    id: string,
    params: { cwd: string; additionalDirectories?: string[] | undefined; mcpServers?: acp.McpServer[] | undefined },
    client: acp.AgentContext,
    restored: { modelSpec?: string; mode?: PermissionMode; title?: string | null; history?: ChatMessage[] } = {},
  ): Promise<AcpSession> => {
    const settings = await settingsFor(params.cwd);
    const { createAcpSession, closeAcpSession } = await runtime();
    // Loading a session that is open already replaces it: its servers and terminals end first.
    const previous = sessions.get(id);
    if (previous) {
      sessions.delete(id);
      await closeAcpSession(previous);
    }
    try {
      const session = await createAcpSession(
        {
          id,
          cwd: params.cwd,
          additionalDirectories: params.additionalDirectories ?? [],
          mcpServers: params.mcpServers ?? [],
          settings,
          modelSpec: restored.modelSpec ?? settings.model ?? "local",
          mode: restored.mode ?? settings.mode,
          history: restored.history ?? [],
          title: restored.title ?? null,
          client,
          capabilities: clientCapabilities,
          sender: createUpdateSender(client, id, log),
        },
        { env, log, store: await getStore(), ...(options.limits ? { limits: options.limits } : {}) },
      );
      sessions.set(id, session);
      return session;
    } catch (error) {
      if (error instanceof ConfigError) throw new acp.RequestError(-32603, error.message);
      throw error;
    }
  };

  /** What follows a session's answer: never before it (JetBrains spins forever otherwise). */
  const afterAnswer = (session: AcpSession, client: acp.AgentContext) => {
    setTimeout(async () => {
      const { discoverTools, DEFAULT_DISCOVERY_TIMEOUT_MS } = await runtime();
      session.sender.send({ sessionUpdate: "available_commands_update", availableCommands: AVAILABLE_COMMANDS });
      void refreshModelChoices(session);
      const discovery = await discoverTools(client, session.id, clientCapabilities, {
        timeoutMs: session.runner.settings.timeouts.discoverToolsMs ?? DEFAULT_DISCOVERY_TIMEOUT_MS,
        log,
      });
      session.discovered = discovery;
      session.settleDiscovery(discovery);
      log.info(`session ${session.id}: tools from tier ${discovery.tier}${"reason" in discovery ? ` (${discovery.reason})` : ""}`);
    }, 0);
  };

  const refreshModelChoices = async (session: AcpSession) => {
    const { modelChoices } = await runtime();
    const { runner } = session;
    const list = await modelChoices(session, runner.settings.timeouts.modelListMs);
    choices.set(session.id, list);
    const window = list.find((choice) => choice.spec === runner.modelSpec)?.contextWindow;
    if (window != null) runner.setModel(runner.modelSpec, window);
    if (sessions.get(session.id) === session) {
      session.sender.send({ sessionUpdate: "config_option_update", configOptions: configOptions(runner.modelSpec, list, runner.mode) });
    }
  };

  const optionsOf = (session: AcpSession) => configOptions(session.runner.modelSpec, choices.get(session.id) ?? [], session.runner.mode);

  const setMode = async (session: AcpSession, mode: PermissionMode) => {
    session.runner.setMode(mode);
    session.sender.send({ sessionUpdate: "current_mode_update", currentModeId: mode });
    session.sender.send({ sessionUpdate: "config_option_update", configOptions: optionsOf(session) });
  };

  const setModel = async (session: AcpSession, spec: string) => {
    session.runner.setModel(spec, (choices.get(session.id) ?? []).find((choice) => choice.spec === spec)?.contextWindow ?? null);
  };

  const commandHost = (session: AcpSession): CommandHost => ({
    toolsReport: async () => (await runtime()).toolsReport(session),
    currentModel: () => session.runner.modelSpec,
    modelChoices: async () => {
      await refreshModelChoices(session);
      return choices.get(session.id) ?? [];
    },
    setModel: async (spec) => {
      await setModel(session, spec);
      session.sender.send({ sessionUpdate: "config_option_update", configOptions: optionsOf(session) });
    },
    currentMode: () => session.runner.mode,
    setMode: (mode) => setMode(session, mode),
  });

  const restore = async (sessionId: string) => {
    const current = await getStore();
    const record = current ? (await runtime()).getSession(current, sessionId) : null;
    if (!current || !record) throw acp.RequestError.sessionNotFound(sessionId);
    return { current, record };
  };

  const shutdown = async () => {
    const open = [...sessions.values()];
    sessions.clear();
    if (open.length === 0) return;
    const { closeAcpSession } = await runtime();
    await Promise.allSettled(open.map((session) => closeAcpSession(session)));
    store?.close();
  };

  const app = acp
    .agent({ name: options.name })
    .onRequest(acp.methods.agent.initialize, ({ params }) => {
      clientCapabilities = params.clientCapabilities;
      log.info(`initialize from ${params.clientInfo?.name ?? "unknown client"} ${params.clientInfo?.version ?? ""}`, params.clientCapabilities);
      return {
        protocolVersion: acp.PROTOCOL_VERSION,
        agentInfo: { name: "punie", title: options.name, version: options.version },
        agentCapabilities: {
          loadSession: true,
          promptCapabilities: { embeddedContext: true, image: true, audio: false },
          mcpCapabilities: { http: true, sse: true },
          sessionCapabilities: { list: {}, resume: {}, close: {} },
        },
        authMethods: [],
      };
    })
    .onRequest(acp.methods.agent.session.new, async ({ params, client }) => {
      const id = crypto.randomUUID();
      const session = await open(id, params, client);
      log.info(`session/new ${id} in ${session.runner.cwd} with ${params.mcpServers.length} MCP server(s)`);
      afterAnswer(session, client);
      return { sessionId: id, modes: modeState(session.runner.mode), configOptions: optionsOf(session) };
    })
    .onRequest(acp.methods.agent.session.load, async ({ params, client }) => {
      const { current, record } = await restore(params.sessionId);
      const { loadHistory, loadTranscript, transcriptToUpdates } = await runtime();
      const session = await open(params.sessionId, params, client, { ...restoredFrom(record), history: loadHistory(current, params.sessionId) });
      // The whole history is replayed before the answer (ACP: session/load).
      for (const update of transcriptToUpdates(loadTranscript(current, params.sessionId))) session.sender.send(update);
      await session.sender.flush();
      afterAnswer(session, client);
      return { modes: modeState(session.runner.mode), configOptions: optionsOf(session) };
    })
    .onRequest(acp.methods.agent.session.resume, async ({ params, client }) => {
      const { current, record } = await restore(params.sessionId);
      const history = (await runtime()).loadHistory(current, params.sessionId);
      const session = await open(params.sessionId, params, client, { ...restoredFrom(record), history });
      afterAnswer(session, client);
      return { modes: modeState(session.runner.mode), configOptions: optionsOf(session) };
    })
    .onRequest(acp.methods.agent.session.list, async ({ params }) => {
      const current = await getStore();
      if (!current) return { sessions: [] };
      const { listSessions, InvalidCursorError } = await runtime();
      try {
        const page = listSessions(current, { ...(params.cwd ? { cwd: params.cwd } : {}), ...(params.cursor ? { cursor: params.cursor } : {}), excludeSource: "eval", limit: LIST_PAGE_SIZE });
        return {
          sessions: page.sessions.map((s) => ({ sessionId: s.id, cwd: s.cwd, title: s.title, updatedAt: new Date(s.updatedAt).toISOString() })),
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        };
      } catch (error) {
        if (error instanceof InvalidCursorError) throw acp.RequestError.invalidParams(undefined, error.message);
        throw error;
      }
    })
    .onRequest(acp.methods.agent.session.close, async ({ params }) => {
      const session = sessionFor(params.sessionId);
      sessions.delete(params.sessionId);
      const { closeAcpSession } = await runtime();
      await closeAcpSession(session);
      return {};
    })
    .onRequest(acp.methods.agent.session.setMode, async ({ params }) => {
      const session = sessionFor(params.sessionId);
      const mode = parseMode(params.modeId);
      if (!mode) throw acp.RequestError.invalidParams(undefined, `Unknown mode "${params.modeId}"`);
      await setMode(session, mode);
      return {};
    })
    .onRequest(acp.methods.agent.session.setConfigOption, async ({ params }) => {
      const session = sessionFor(params.sessionId);
      const value = String(params.value);
      if (params.configId === MODE_OPTION_ID) {
        const mode = parseMode(value);
        if (!mode) throw acp.RequestError.invalidParams(undefined, `Unknown mode "${value}"`);
        await setMode(session, mode);
      } else if (params.configId === MODEL_OPTION_ID) {
        const known = choices.get(session.id) ?? [];
        if (value !== session.runner.modelSpec && !known.some((choice) => choice.spec === value)) {
          throw acp.RequestError.invalidParams(undefined, `Unknown model "${value}"`);
        }
        try {
          await setModel(session, value);
        } catch (error) {
          throw acp.RequestError.invalidParams(undefined, errorMessage(error));
        }
      } else {
        throw acp.RequestError.invalidParams(undefined, `Unknown config option "${params.configId}"`);
      }
      return { configOptions: optionsOf(session) };
    })
    .onRequest(acp.methods.agent.session.prompt, async ({ params }) => {
      const session = sessionFor(params.sessionId);
      const { runPrompt, SessionBusyError } = await runtime();
      try {
        return { stopReason: await runPrompt(session, params.prompt, commandHost(session)) };
      } catch (error) {
        if (error instanceof SessionBusyError) throw acp.RequestError.invalidRequest(undefined, error.message);
        throw error;
      }
    })
    .onNotification(acp.methods.agent.session.cancel, ({ params }) => {
      const session = sessions.get(params.sessionId);
      if (!session) {
        log.warn(`session/cancel for unknown session ${params.sessionId}`);
        return;
      }
      session.runner.cancel();
    });
  return { app, shutdown };
}

function restoredFrom(record: { model: string | null; mode: string | null; title: string | null }) {
  const mode = record.mode ? parseMode(record.mode) : null;
  return { ...(record.model ? { modelSpec: record.model } : {}), ...(mode ? { mode } : {}), title: record.title };
}
