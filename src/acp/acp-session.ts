/**
 * One ACP session: a session of the runner (src/session/) on the IDE's workspace (with local
 * fallbacks), plus what only ACP has — the client's tool catalog, the update sender, the model
 * picker's choices.
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { AgentLimits } from "../agent/loop.ts";
import type { Logger } from "../log/logger.ts";
import type { McpServerConfig } from "../mcp/types.ts";
import { parseModelSpec } from "../model/spec.ts";
import type { ChatMessage } from "../model/types.ts";
import type { PermissionMode } from "../permissions/modes.ts";
import { openSession, type RunnerSession } from "../session/runner.ts";
import type { ResolvedSettings } from "../settings/load.ts";
import type { Store } from "../store/index.ts";
import { CORE_TOOLS } from "../tools/index.ts";
import { createLocalWorkspace } from "../workspace/local-workspace.ts";
import { createAcpWorkspace } from "./acp-workspace.ts";
import { catalogTools, type Discovery } from "./discovery.ts";
import type { ModelChoice } from "./session-config.ts";
import { specForModel } from "./session-config.ts";
import type { UpdateSender } from "./session-sender.ts";

export type AcpSession = {
  id: string;
  runner: RunnerSession;
  /** Settles once the client's tool catalog has been asked for (the first prompt waits). */
  discovery: Promise<Discovery>;
  /** Settles `discovery`: the catalog is asked for right after the session's answer. */
  settleDiscovery: (discovery: Discovery) => void;
  discovered: Discovery | null;
  sender: UpdateSender;
  capabilities: acp.ClientCapabilities | undefined;
};

export type SessionEnvironment = {
  env: Record<string, string | undefined>;
  log: Logger;
  store: Store | null;
  limits?: Partial<AgentLimits>;
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

export async function createAcpSession(seed: SessionSeed, environment: SessionEnvironment): Promise<AcpSession> {
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
  });
  const discovery = Promise.withResolvers<Discovery>();
  let session: AcpSession | null = null;
  const baseTools = async () => {
    const found = session?.discovered ?? (await discovery.promise);
    return found.tier === 1 ? catalogTools(found.catalog, CORE_TOOLS, seed.client, seed.id) : CORE_TOOLS;
  };
  const runner = await openSession({
    source: "acp",
    workspace,
    env,
    log,
    instructions: "acp",
    settings: seed.settings,
    modelSpec: seed.modelSpec,
    mode: seed.mode,
    id: seed.id,
    history: seed.history,
    title: seed.title,
    mcpServers: seed.mcpServers.map(toMcpConfig),
    store: environment.store,
    ...(environment.limits ? { limits: environment.limits } : {}),
    baseTools,
    onUpdate: (update) => seed.sender.send(update),
  });
  session = {
    id: seed.id,
    runner,
    discovery: discovery.promise,
    settleDiscovery: discovery.resolve,
    discovered: null,
    sender: seed.sender,
    capabilities: seed.capabilities,
  };
  return session;
}

/** The model picker's choices: the server's models (short timeout), else the current one alone. */
export async function modelChoices(session: AcpSession, timeoutMs: number): Promise<ModelChoice[]> {
  const spec = session.runner.modelSpec;
  const config = parseModelSpec(spec, {});
  if (config.provider === "test" || config.provider === "mlx") return [{ spec, name: spec }];
  try {
    const { listModelInfo } = await import("../model/openai-model.ts");
    const models = await listModelInfo({ ...config, apiKey: config.apiKey || "none" }, timeoutMs);
    // The current model keeps the spec the user wrote, so the picker shows it as selected.
    return models.map((model) => ({
      spec: model.id === config.model ? spec : specForModel(config, model.id),
      name: model.id,
      contextWindow: model.contextWindow,
    }));
  } catch {
    return [{ spec, name: spec }];
  }
}

export async function closeAcpSession(session: AcpSession): Promise<void> {
  await session.runner.close();
}

function toMcpConfig(server: acp.McpServer): McpServerConfig {
  if ("type" in server && (server.type === "http" || server.type === "sse")) {
    return { type: server.type, name: server.name, url: server.url, headers: server.headers ?? [] };
  }
  const stdio = server as acp.McpServerStdio;
  return { type: "stdio", name: stdio.name, command: stdio.command, args: stdio.args ?? [], env: stdio.env ?? [] };
}
