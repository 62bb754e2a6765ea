/**
 * One ACP session: where it works (IDE workspace with local fallbacks), what it may do (policy
 * gate, permission mode), what it talks to (model, MCP servers, the client's tool catalog), and
 * what it remembers (history, recording).
 */
import type * as acp from "@agentclientprotocol/sdk";
import { buildInstructions } from "../agent/instructions.ts";
import type { Logger } from "../log/logger.ts";
import { connectMcpLazily } from "../mcp/lazy.ts";
import type { McpSessionTools } from "../mcp/session.ts";
import type { McpServerConfig } from "../mcp/types.ts";
import { createModel } from "../model/create-model.ts";
import { modelOptionsFromEnv } from "../model/options.ts";
import { parseModelSpec } from "../model/spec.ts";
import type { ChatMessage, Model } from "../model/types.ts";
import type { PermissionMode } from "../permissions/modes.ts";
import { createPolicyGate, type PolicyGate } from "../permissions/policy-gate.ts";
import { openRecording, projectRuleStore, type Recording, toStoredDecision } from "../session/recording.ts";
import { pythonToolsFor } from "../session/tools.ts";
import type { ResolvedSettings } from "../settings/load.ts";
import type { Store } from "../store/index.ts";
import { CORE_TOOLS, toolSpecs } from "../tools/index.ts";
import type { AnyTool } from "../tools/types.ts";
import { createLocalWorkspace, type LocalWorkspace } from "../workspace/local-workspace.ts";
import type { Workspace } from "../workspace/types.ts";
import { createAcpWorkspace } from "./acp-workspace.ts";
import { catalogTools, type Discovery } from "./discovery.ts";
import type { ModelChoice } from "./session-config.ts";
import { specForModel } from "./session-config.ts";
import type { UpdateSender } from "./session-sender.ts";

export type AcpSession = {
  id: string;
  cwd: string;
  roots: string[];
  local: LocalWorkspace;
  workspace: Workspace;
  gate: PolicyGate;
  mode: PermissionMode;
  modelSpec: string;
  model: Model;
  settings: ResolvedSettings;
  /** The model's context window when its server reports one (usage_update `size`). */
  contextWindow: number | null;
  history: ChatMessage[];
  title: string | null;
  running: AbortController | null;
  mcp: McpSessionTools;
  /** Settles once the client's tool catalog has been asked for (the first prompt waits). */
  discovery: Promise<Discovery>;
  /** Settles `discovery`: the catalog is asked for right after the session's answer. */
  settleDiscovery: (discovery: Discovery) => void;
  discovered: Discovery | null;
  pythonTools: Promise<AnyTool[]>;
  recording: Recording;
  sender: UpdateSender;
  capabilities: acp.ClientCapabilities | undefined;
  /** The permission decisions of the running turn go to its recorder. */
  onDecision: ((decision: ReturnType<typeof toStoredDecision>) => void) | null;
};

export type SessionEnvironment = {
  env: Record<string, string | undefined>;
  log: Logger;
  store: Store | null;
  modelListTimeoutMs: number;
  mcpConnectTimeoutMs: number;
};

export type SessionSeed = {
  id: string;
  cwd: string;
  additionalDirectories: string[];
  mcpServers: acp.McpServer[];
  settings: ResolvedSettings;
  modelSpec: string;
  mode: PermissionMode;
  history: ChatMessage[];
  title: string | null;
  client: Pick<acp.AgentContext, "request">;
  capabilities: acp.ClientCapabilities | undefined;
  sender: UpdateSender;
};

export function createAcpSession(seed: SessionSeed, environment: SessionEnvironment): AcpSession {
  const { env, log } = environment;
  const local = createLocalWorkspace({
    root: seed.cwd,
    additionalRoots: seed.additionalDirectories,
    // In an IDE session permission is always asked through the IDE (AcpWorkspace).
    askPermission: async () => ({ outcome: "cancelled" }),
  });
  const workspace = createAcpWorkspace({
    client: seed.client,
    sessionId: seed.id,
    capabilities: seed.capabilities,
    local,
    flushUpdates: () => seed.sender.flush(),
  });
  const discovery = Promise.withResolvers<Discovery>();
  const session: AcpSession = {
    id: seed.id,
    cwd: local.cwd,
    roots: [...local.roots],
    local,
    workspace,
    // The gate reads the session's current mode, MCP tools and turn recorder when it decides.
    gate: createPolicyGate({
      workspace,
      getMode: () => session.mode,
      rules: seed.settings.rules,
      roots: local.roots,
      projectRules: environment.store ? projectRuleStore(environment.store, local.cwd) : null,
      onDecision: (record) => session.onDecision?.(toStoredDecision(record)),
      isReadOnlyTool: (name) => session.mcp.tools().some((tool) => tool.name === name && tool.kind === "read"),
    }),
    mode: seed.mode,
    modelSpec: seed.modelSpec,
    model: createModel(seed.modelSpec, env, modelOptionsFromEnv(env)),
    settings: seed.settings,
    contextWindow: null,
    history: seed.history,
    title: seed.title,
    running: null,
    mcp: connectMcpLazily(seed.mcpServers.map(toMcpConfig), { cwd: local.cwd, log, connectTimeoutMs: environment.mcpConnectTimeoutMs }),
    discovery: discovery.promise,
    settleDiscovery: discovery.resolve,
    discovered: null,
    pythonTools: pythonToolsFor(local.cwd, env),
    recording: openRecording({ env, sessionId: seed.id, cwd: local.cwd, model: seed.modelSpec, log: (m) => log.warn(m), store: environment.store }),
    sender: seed.sender,
    capabilities: seed.capabilities,
    onDecision: null,
  };
  return session;
}

/** The tools of this turn: catalog or core tools, plus Python tools and MCP tools. */
export async function currentTools(session: AcpSession, client: Pick<acp.AgentContext, "request">): Promise<AnyTool[]> {
  const discovery = session.discovered ?? (await session.discovery);
  const base = discovery.tier === 1 ? catalogTools(discovery.catalog, CORE_TOOLS, client, session.id) : [...CORE_TOOLS];
  const names = new Set(base.map((tool) => tool.name));
  const extra = [...(await session.pythonTools), ...session.mcp.tools()].filter((tool) => !names.has(tool.name));
  return [...base, ...extra];
}

export function sessionInstructions(session: AcpSession, tools: readonly AnyTool[]): string {
  return buildInstructions({
    mode: "acp",
    cwd: session.cwd,
    tools: toolSpecs(tools),
    ideAbilities: session.mcp.abilities(),
    extra: session.settings.instructions,
  });
}

/** The model picker's choices: the server's models (short timeout), else the current one alone. */
export async function modelChoices(session: AcpSession, timeoutMs: number): Promise<ModelChoice[]> {
  const config = parseModelSpec(session.modelSpec, {});
  if (config.provider === "test" || config.provider === "mlx") return [{ spec: session.modelSpec, name: session.modelSpec }];
  try {
    const { listModelInfo } = await import("../model/openai-model.ts");
    const models = await listModelInfo({ ...config, apiKey: config.apiKey || "none" }, timeoutMs);
    // The current model keeps the spec the user wrote, so the picker shows it as selected.
    return models.map((model) => ({
      spec: model.id === config.model ? session.modelSpec : specForModel(config, model.id),
      name: model.id,
      contextWindow: model.contextWindow,
    }));
  } catch {
    return [{ spec: session.modelSpec, name: session.modelSpec }];
  }
}

export function switchModel(session: AcpSession, spec: string, env: Record<string, string | undefined>, contextWindow: number | null = null): void {
  session.model = createModel(spec, env, modelOptionsFromEnv(env));
  session.modelSpec = spec;
  session.contextWindow = contextWindow;
}

export async function closeAcpSession(session: AcpSession): Promise<void> {
  session.running?.abort();
  await Promise.allSettled([session.mcp.close(), session.local.dispose()]);
}

function toMcpConfig(server: acp.McpServer): McpServerConfig {
  if ("type" in server && (server.type === "http" || server.type === "sse")) {
    return { type: server.type, name: server.name, url: server.url, headers: server.headers ?? [] };
  }
  const stdio = server as acp.McpServerStdio;
  return { type: "stdio", name: stdio.name, command: stdio.command, args: stdio.args ?? [], env: stdio.env ?? [] };
}
