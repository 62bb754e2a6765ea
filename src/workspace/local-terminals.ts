/**
 * Local terminals for LocalWorkspace: started through src/process (its own process group, so a
 * kill reaches the children a shell started; ended on SIGINT, SIGTERM, SIGHUP and exit of punie,
 * and by the reaper after a SIGKILL), stdout and stderr merged in arrival order, the output's
 * tail kept up to the byte limit.
 */
import { ToolInputError } from "../errors.ts";
import { type Child, signalGroup, spawnChild } from "../process/index.ts";
import type { CreateTerminalOptions, ExitStatus, TerminalOutput } from "./types.ts";

export type LocalTerminals = {
  /** Starts the command; `options.cwd` must already be checked against the boundary. */
  create(options: CreateTerminalOptions): string;
  output(terminalId: string): TerminalOutput;
  /** Rejects with the signal's reason when it aborts, after killing the process group. */
  waitForExit(terminalId: string, signal?: AbortSignal): Promise<ExitStatus>;
  kill(terminalId: string): Promise<void>;
  release(terminalId: string): Promise<void>;
  releaseAll(): Promise<void>;
};

export type LocalTerminalsOptions = {
  /** Time between SIGTERM and SIGKILL of the process group. */
  killGraceMs?: number;
};

type Running = {
  child: Child<"ignore", "pipe", "pipe">;
  output: TailBuffer;
  exitStatus: ExitStatus | undefined;
  done: Promise<ExitStatus>;
};

export function createLocalTerminals(options: LocalTerminalsOptions = {}): LocalTerminals {
  const killGraceMs = options.killGraceMs ?? 100;
  const terminals = new Map<string, Running>();

  const get = (terminalId: string): Running => {
    const terminal = terminals.get(terminalId);
    if (!terminal) throw new ToolInputError(`Unknown or released terminal ${terminalId}.`);
    return terminal;
  };

  const kill = async (terminal: Running): Promise<void> => {
    if (terminal.exitStatus) {
      signalGroup(terminal.child.pid, "SIGKILL"); // stragglers the shell left behind
      return;
    }
    // By hand rather than child.stop(): no `ps` run, so a cancel is answered at once.
    signalGroup(terminal.child.pid, "SIGTERM");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, killGraceMs);
    });
    await Promise.race([terminal.child.proc.exited, grace]);
    clearTimeout(timer);
    signalGroup(terminal.child.pid, "SIGKILL");
    await terminal.done;
  };

  const release = async (terminalId: string): Promise<void> => {
    const terminal = terminals.get(terminalId);
    if (!terminal) return;
    terminals.delete(terminalId);
    await kill(terminal);
  };

  return {
    create({ command, args, cwd, env, outputByteLimit }) {
      let child: Running["child"];
      try {
        child = spawnChild([command, ...args], {
          cwd,
          env: { ...process.env, ...env },
          stdin: "ignore",
          stdout: "pipe",
          stderr: "pipe",
          graceMs: killGraceMs,
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") throw new ToolInputError(`Command not found: ${command}. Check the program name or install it.`);
        if (code === "EACCES") throw new ToolInputError(`${command} is not executable.`);
        throw error;
      }
      const { proc } = child;
      const output = createTailBuffer(outputByteLimit);
      const readers = Promise.all([pump(proc.stdout, output), pump(proc.stderr, output)]);
      const terminal: Running = { child, output, exitStatus: undefined, done: Promise.resolve({ exitCode: null, signal: null }) };
      terminal.done = proc.exited.then(async () => {
        // Output written just before exit may still be in the pipe; a background child that keeps
        // the pipe open must not hold the exit status back, so wait only briefly.
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([readers, new Promise((resolve) => (timer = setTimeout(resolve, 100)))]);
        clearTimeout(timer);
        const status: ExitStatus = { exitCode: proc.signalCode ? null : proc.exitCode, signal: proc.signalCode === null ? null : String(proc.signalCode) };
        terminal.exitStatus = status;
        return status;
      });
      const id = `local-${crypto.randomUUID()}`;
      terminals.set(id, terminal);
      return id;
    },

    output(terminalId) {
      const terminal = get(terminalId);
      const { text, truncated } = terminal.output.read();
      return terminal.exitStatus ? { output: text, truncated, exitStatus: terminal.exitStatus } : { output: text, truncated };
    },

    async waitForExit(terminalId, signal) {
      const terminal = get(terminalId);
      if (!signal) return terminal.done;
      if (signal.aborted) {
        await kill(terminal);
        signal.throwIfAborted();
      }
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => {
          void kill(terminal);
          reject(signal.reason ?? new DOMException("The wait was aborted.", "AbortError"));
        };
        signal.addEventListener("abort", onAbort, { once: true });
      });
      try {
        return await Promise.race([terminal.done, aborted]);
      } finally {
        if (onAbort) signal.removeEventListener("abort", onAbort);
      }
    },

    async kill(terminalId) {
      await kill(get(terminalId));
    },

    release,

    async releaseAll() {
      await Promise.all([...terminals.keys()].map(release));
    },
  };
}

async function pump(stream: ReadableStream<Uint8Array>, output: TailBuffer): Promise<void> {
  for await (const chunk of stream) output.push(chunk);
}

export type TailBuffer = {
  push(chunk: Uint8Array): void;
  read(): { text: string; truncated: boolean };
};

/** Keeps the last `limit` bytes; reading cuts at a UTF-8 character boundary. */
export function createTailBuffer(limit: number): TailBuffer {
  let chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  return {
    push(chunk) {
      chunks.push(chunk);
      size += chunk.byteLength;
      while (size > limit && chunks.length > 0) {
        const first = chunks[0]!;
        const excess = size - limit;
        truncated = true;
        if (first.byteLength <= excess) {
          chunks.shift();
          size -= first.byteLength;
        } else {
          chunks[0] = first.subarray(excess);
          size -= excess;
        }
      }
    },
    read() {
      let bytes = Buffer.concat(chunks);
      chunks = [bytes];
      if (truncated) {
        // Drop UTF-8 continuation bytes (10xxxxxx) left by the cut so no replacement char appears.
        let start = 0;
        while (start < bytes.length && start < 4 && (bytes[start]! & 0xc0) === 0x80) start++;
        bytes = bytes.subarray(start);
      }
      return { text: bytes.toString("utf8"), truncated };
    },
  };
}
