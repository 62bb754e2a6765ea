/**
 * The ACP front end: wires the SDK's agent app to sessions that run the agent loop. Each IDE
 * window starts its own punie process with one connection.
 */
import * as acp from "@agentclientprotocol/sdk";
import { buildInstructions } from "../agent/instructions.ts";
import type { AgentLimits } from "../agent/loop.ts";
import type { Logger } from "../log/logger.ts";
import type { Model } from "../model/types.ts";
import { createAskingGate } from "../permissions/gate.ts";
import { CORE_TOOLS, toolSpecs } from "../tools/index.ts";
import { createLocalWorkspace } from "../workspace/local-workspace.ts";
import { createAcpWorkspace } from "./acp-workspace.ts";
import { type AcpSession, runPrompt } from "./session.ts";

export type AcpAgentOptions = {
  /** Name shown in the IDE. */
  name: string;
  version: string;
  /** Makes the model for a new session (the spec was validated at start-up). */
  createModel: () => Model;
  log: Logger;
  limits?: Partial<AgentLimits>;
};

export function createAcpAgent(options: AcpAgentOptions): acp.AgentApp {
  const { log } = options;
  const sessions = new Map<string, AcpSession>();
  let clientCapabilities: acp.ClientCapabilities | undefined;

  const sessionFor = (sessionId: string): AcpSession => {
    const session = sessions.get(sessionId);
    if (!session) throw acp.RequestError.sessionNotFound(sessionId);
    return session;
  };

  return acp
    .agent({ name: options.name })
    .onRequest(acp.methods.agent.initialize, ({ params }) => {
      clientCapabilities = params.clientCapabilities;
      log.info(`initialize from ${params.clientInfo?.name ?? "unknown client"} ${params.clientInfo?.version ?? ""}`, params.clientCapabilities);
      return {
        protocolVersion: acp.PROTOCOL_VERSION,
        agentInfo: { name: "punie", title: options.name, version: options.version },
        agentCapabilities: {
          loadSession: false,
          promptCapabilities: { embeddedContext: true, image: false, audio: false },
          mcpCapabilities: { http: false, sse: false },
        },
        authMethods: [],
      };
    })
    .onRequest(acp.methods.agent.session.new, async ({ params, client }) => {
      const sessionId = crypto.randomUUID();
      const roots = [params.cwd, ...(params.additionalDirectories ?? [])];
      const local = createLocalWorkspace({
        root: params.cwd,
        additionalRoots: roots.slice(1),
        // Permission in an IDE session is always asked through the IDE (AcpWorkspace).
        askPermission: async () => ({ outcome: "cancelled" }),
      });
      const workspace = createAcpWorkspace({ client, sessionId, capabilities: clientCapabilities, local });
      const tools = CORE_TOOLS;
      const session: AcpSession = {
        id: sessionId,
        cwd: params.cwd,
        workspace,
        permissions: createAskingGate(workspace),
        model: options.createModel(),
        tools,
        instructions: buildInstructions({ mode: "acp", cwd: params.cwd, tools: toolSpecs(tools) }),
        history: [],
        running: null,
        mcpServers: params.mcpServers,
      };
      sessions.set(sessionId, session);
      log.info(`session/new ${sessionId} in ${params.cwd} with ${params.mcpServers.length} MCP server(s)`);
      return { sessionId };
    })
    .onRequest(acp.methods.agent.session.prompt, async ({ params, client }) => {
      const session = sessionFor(params.sessionId);
      if (session.running) throw acp.RequestError.invalidRequest(undefined, "A prompt is already running in this session; cancel it first.");
      const result = await runPrompt(session, params.prompt, { client, log, ...(options.limits ? { limits: options.limits } : {}) });
      return { stopReason: result.stopReason };
    })
    .onNotification(acp.methods.agent.session.cancel, ({ params }) => {
      const session = sessions.get(params.sessionId);
      if (!session) {
        log.warn(`session/cancel for unknown session ${params.sessionId}`);
        return;
      }
      session.running?.abort();
    });
}
