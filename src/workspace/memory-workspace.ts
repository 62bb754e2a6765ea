/**
 * An in-memory Workspace for tests (and users' own tests through src/testing): files in a Map,
 * commands answered by a script, permission answered by a callback.
 */
import { isAbsolute, relative, resolve } from "node:path";
import { FileNotFoundError, ToolInputError, WorkspaceBoundaryError } from "../errors.ts";
import type { ExitStatus, PermissionOutcome, PermissionRequest, TerminalOutput, Workspace } from "./types.ts";

export type ScriptedCommand = (command: string, args: string[], cwd: string) => { exitCode: number; output: string };

export type MemoryWorkspaceOptions = {
  cwd?: string;
  files?: Record<string, string>;
  commands?: ScriptedCommand;
  permission?: (request: PermissionRequest) => PermissionOutcome | Promise<PermissionOutcome>;
};

export type MemoryWorkspace = Workspace & {
  files: Map<string, string>;
  permissionRequests: PermissionRequest[];
};

export function createMemoryWorkspace(options: MemoryWorkspaceOptions = {}): MemoryWorkspace {
  const cwd = options.cwd ?? "/workspace";
  const files = new Map<string, string>();
  for (const [path, content] of Object.entries(options.files ?? {})) files.set(resolve(cwd, path), content);
  const terminals = new Map<string, TerminalOutput & { exitStatus: ExitStatus }>();
  const permissionRequests: PermissionRequest[] = [];
  let nextTerminal = 1;
  const run: ScriptedCommand = options.commands ?? ((command) => ({ exitCode: 127, output: `${command}: command not found` }));

  return {
    cwd,
    kind: "local",
    files,
    permissionRequests,
    async resolvePath(path) {
      if (path.includes("\0")) throw new WorkspaceBoundaryError("Path contains a NUL byte.");
      const absolute = isAbsolute(path) ? resolve(path) : resolve(cwd, path);
      const rel = relative(cwd, absolute);
      if (rel.startsWith("..") || isAbsolute(rel)) throw new WorkspaceBoundaryError(`${path} is outside the workspace ${cwd}.`);
      return absolute;
    },
    async readTextFile(absPath, range) {
      const content = files.get(absPath);
      if (content === undefined) throw new FileNotFoundError(absPath);
      if (!range?.line && !range?.limit) return content;
      const lines = content.split("\n");
      const start = (range.line ?? 1) - 1;
      return lines.slice(start, range.limit === undefined ? undefined : start + range.limit).join("\n");
    },
    async writeTextFile(absPath, content) {
      files.set(absPath, content);
    },
    async createTerminal({ command, args, cwd: dir }) {
      const id = `term-${nextTerminal++}`;
      const { exitCode, output } = run(command, args, dir);
      terminals.set(id, { output, truncated: false, exitStatus: { exitCode, signal: null } });
      return id;
    },
    async terminalOutput(id) {
      return terminal(id);
    },
    async waitForTerminalExit(id) {
      return terminal(id).exitStatus;
    },
    async killTerminal(id) {
      terminal(id);
    },
    async releaseTerminal(id) {
      terminals.delete(id);
    },
    async requestPermission(request) {
      permissionRequests.push(request);
      return options.permission ? options.permission(request) : { outcome: "selected", optionId: "allow_once" };
    },
  };

  function terminal(id: string) {
    const found = terminals.get(id);
    if (!found) throw new ToolInputError(`Unknown terminal_id "${id}": it was never created or has been released.`);
    return found;
  }
}
