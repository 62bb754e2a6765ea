/**
 * The Workspace as the IDE provides it: files through fs/*, commands through terminal/*,
 * permission through session/request_permission. What the client does not advertise falls back
 * to the local workspace (disk and processes inside the cwd), still under permission.
 */
import type * as acp from "@agentclientprotocol/sdk";
import { FileNotFoundError } from "../errors.ts";
import { toAcpContent } from "../session/updates.ts";
import type { LocalWorkspace } from "../workspace/local-workspace.ts";
import type { CreateTerminalOptions, PermissionOutcome, TerminalOutput, Workspace } from "../workspace/types.ts";

/** The slice of the SDK's AgentContext this workspace needs (a narrow port, STYLE.md §5). */
export type AcpClientPort = Pick<acp.AgentContext, "request">;

export type AcpWorkspaceOptions = {
  client: AcpClientPort;
  sessionId: string;
  capabilities: acp.ClientCapabilities | undefined;
  /** Disk and processes inside the session's roots: path checks and what the IDE lacks. */
  local: LocalWorkspace;
};

/** The IDE's workspace, with the local one's roots and clean-up (its fallback terminals). */
export type AcpWorkspace = Workspace &
  Pick<LocalWorkspace, "roots" | "dispose"> & {
    /** True for terminals the IDE created (and can show), false for local fallbacks. */
    isClientTerminal(terminalId: string): boolean;
  };

/**
 * Requests to the IDE go straight to the SDK: it writes messages in the order they are handed to
 * it, and the session's updates are handed to it as they are made (session-sender.ts), so the IDE
 * never sees a permission prompt or a read before the tool call it belongs to.
 */
export function createAcpWorkspace({ client, sessionId, capabilities, local }: AcpWorkspaceOptions): AcpWorkspace {
  const canRead = capabilities?.fs?.readTextFile === true;
  const canWrite = capabilities?.fs?.writeTextFile === true;
  const hasTerminal = capabilities?.terminal === true;
  /** Terminals started locally because the IDE has no terminal support. */
  const localTerminals = new Set<string>();
  const isLocal = (id: string) => !hasTerminal || localTerminals.has(id);

  return {
    cwd: local.cwd,
    kind: "ide",
    roots: local.roots,
    dispose: () => local.dispose(),
    isClientTerminal: (terminalId) => !isLocal(terminalId),
    resolvePath: (path) => local.resolvePath(path),
    // ACP has no directory listing: list_files and search_text walk the same folders on disk.
    listDirectory: (path) => local.listDirectory(path),
    async readTextFile(path, range) {
      if (!canRead) return local.readTextFile(path, range);
      try {
        const response = await client.request("fs/read_text_file", {
          sessionId,
          path,
          ...(range?.line ? { line: range.line } : {}),
          ...(range?.limit ? { limit: range.limit } : {}),
        });
        return response.content;
      } catch (error) {
        // IDEs report a missing file in different ways; the disk is the tie-breaker.
        if (!(await Bun.file(path).exists())) throw new FileNotFoundError(path);
        throw error;
      }
    },
    async writeTextFile(path, content) {
      if (!canWrite) return local.writeTextFile(path, content);
      await client.request("fs/write_text_file", { sessionId, path, content });
    },
    async createTerminal(options: CreateTerminalOptions) {
      if (!hasTerminal) {
        const id = await local.createTerminal(options);
        localTerminals.add(id);
        return id;
      }
      // The typed overload is lost on this call under TS 7; the params are checked by `satisfies`.
      const response: acp.CreateTerminalResponse = await client.request("terminal/create", {
        sessionId,
        command: options.command,
        args: options.args,
        cwd: options.cwd,
        env: Object.entries<string>(options.env ?? {}).map(([name, value]) => ({ name, value })),
        outputByteLimit: options.outputByteLimit,
      } satisfies acp.CreateTerminalRequest);
      return response.terminalId;
    },
    async terminalOutput(terminalId): Promise<TerminalOutput> {
      if (isLocal(terminalId)) return local.terminalOutput(terminalId);
      const response = await client.request("terminal/output", { sessionId, terminalId });
      return {
        output: response.output,
        truncated: response.truncated,
        ...(response.exitStatus
          ? { exitStatus: { exitCode: response.exitStatus.exitCode ?? null, signal: response.exitStatus.signal ?? null } }
          : {}),
      };
    },
    async waitForTerminalExit(terminalId, signal) {
      if (isLocal(terminalId)) return local.waitForTerminalExit(terminalId, signal);
      const response = await client.request(
        "terminal/wait_for_exit",
        { sessionId, terminalId },
        signal ? { cancellationSignal: signal, stopWaitingOnCancel: true } : undefined,
      );
      return { exitCode: response.exitCode ?? null, signal: response.signal ?? null };
    },
    async killTerminal(terminalId) {
      if (isLocal(terminalId)) return local.killTerminal(terminalId);
      await client.request("terminal/kill", { sessionId, terminalId });
    },
    async releaseTerminal(terminalId) {
      if (isLocal(terminalId)) {
        localTerminals.delete(terminalId);
        return local.releaseTerminal(terminalId);
      }
      await client.request("terminal/release", { sessionId, terminalId });
    },
    async requestPermission(request, signal): Promise<PermissionOutcome> {
      const response: acp.RequestPermissionResponse = await client.request(
        "session/request_permission",
        {
          sessionId,
          // The diff goes with the question (it was also sent as the pending call's content).
          toolCall: { toolCallId: request.toolCallId, title: request.title, ...(request.content ? { content: toAcpContent(request.content) } : {}) },
          options: request.options,
        } satisfies acp.RequestPermissionRequest,
        { cancellationSignal: signal },
      );
      return response.outcome.outcome === "selected"
        ? { outcome: "selected", optionId: response.outcome.optionId }
        : { outcome: "cancelled" };
    },
  };
}
