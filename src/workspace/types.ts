/**
 * The Workspace port: everything a tool does to files, processes and the user goes through it.
 * AcpWorkspace asks the IDE over ACP, LocalWorkspace uses the disk and Bun.spawn, and
 * MemoryWorkspace backs tests.
 */
import type { ToolContent } from "../tools/types.ts";

export type ExitStatus = { exitCode: number | null; signal: string | null };

export type TerminalOutput = {
  output: string;
  truncated: boolean;
  /** Present once the process has exited. */
  exitStatus?: ExitStatus;
};

export type CreateTerminalOptions = {
  /** A program, with `args`; or a shell command line when `shell` is true. */
  command: string;
  args: string[];
  /** Absolute, already inside the workspace. */
  cwd: string;
  env?: Record<string, string>;
  outputByteLimit: number;
};

export type PermissionOptionKind = "allow_once" | "allow_always" | "reject_once" | "reject_always";

export type PermissionOption = { optionId: string; name: string; kind: PermissionOptionKind };

export type PermissionRequest = {
  /** The tool call this permission is about (already announced to the user). */
  toolCallId: string;
  title: string;
  /** What kind of action: drives "always allow" memory. */
  action: "edit" | "execute" | "mcp";
  options: PermissionOption[];
  /** What is approved, shown with the question: the diff of a write or edit. */
  content?: ToolContent[];
  /** The full command line of a command. */
  command?: string;
  /** Names this question in the session's recorded events (set by the session runner). */
  requestId?: string;
};

/** The chosen option id, or "cancelled" when the prompt was cancelled. */
export type PermissionOutcome = { outcome: "selected"; optionId: string } | { outcome: "cancelled" };

export type WorkspaceKind = "ide" | "local";

export interface Workspace {
  /** Absolute session directory; relative paths resolve against it. */
  readonly cwd: string;
  /** Where tool actions run: through the IDE or on the local machine. Recorded in perf data. */
  readonly kind: WorkspaceKind;
  /**
   * Resolves a path the model gave to an absolute path inside the workspace, or throws
   * WorkspaceBoundaryError. Pure for the in-memory and ACP workspaces; LocalWorkspace also
   * resolves symlinks.
   */
  resolvePath(path: string): Promise<string>;
  /** Reads a text file; `line` is 1-based. Throws FileNotFoundError when missing. */
  readTextFile(absPath: string, range?: { line?: number; limit?: number }): Promise<string>;
  writeTextFile(absPath: string, content: string): Promise<void>;
  createTerminal(options: CreateTerminalOptions): Promise<string>;
  terminalOutput(terminalId: string): Promise<TerminalOutput>;
  waitForTerminalExit(terminalId: string, signal?: AbortSignal): Promise<ExitStatus>;
  killTerminal(terminalId: string): Promise<void>;
  releaseTerminal(terminalId: string): Promise<void>;
  requestPermission(request: PermissionRequest, signal: AbortSignal): Promise<PermissionOutcome>;
  /**
   * Lists one directory (not recursive). Optional: ACP has no listing, so tools that walk the tree
   * (list_files, search_text) say so to the model when it is absent.
   */
  listDirectory?(absPath: string): Promise<DirectoryEntry[]>;
}

export type DirectoryEntry = { name: string; type: "file" | "dir" | "symlink" };
