/**
 * Runs a Python tool as a local process in the session folder, in both modes: these tools parse
 * the program's own output, which an IDE terminal would not hand back whole.
 */
import { basename } from "node:path";
import { signalGroup, spawnChild } from "../../process/index.ts";
import type { Env } from "./discover.ts";

export type LocalRun = { exitCode: number | null; signal: string | null; stdout: string; stderr: string };

export type LocalRunOptions = {
  cwd: string;
  env: Env;
  signal: AbortSignal;
  timeoutMs: number;
};

/** Runs `argv`; an abort or the timeout kills its whole process group and rejects. */
export async function runLocal(argv: string[], options: LocalRunOptions): Promise<LocalRun> {
  options.signal.throwIfAborted();
  // Through src/process: its group also ends when punie is stopped or killed.
  const { proc, pid } = spawnChild(argv, {
    cwd: options.cwd,
    env: childEnv(options.env),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const killGroup = () => void signalGroup(pid, "SIGKILL");
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);
  options.signal.addEventListener("abort", killGroup, { once: true });
  try {
    const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    options.signal.throwIfAborted();
    if (timedOut) throw new Error(`${basename(argv[0] ?? "")} did not finish within ${Math.round(options.timeoutMs / 1000)} s and was stopped.`);
    return {
      exitCode: proc.signalCode ? null : proc.exitCode,
      signal: proc.signalCode === null ? null : String(proc.signalCode),
      stdout: stripAnsi(stdout),
      stderr: stripAnsi(stderr),
    };
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener("abort", killGroup);
  }
}

function childEnv(env: Env): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  // Plain output to parse: no colours, no progress bars.
  result.NO_COLOR = "1";
  delete result.FORCE_COLOR;
  delete result.CLICOLOR_FORCE;
  return result;
}

export function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what is stripped.
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}

/** The command as people read it (and as permission rules match it: program name first). */
export function displayCommand(argv: readonly string[]): string {
  return argv
    .map((word, index) => (index === 0 ? basename(word) : word))
    .map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`))
    .join(" ");
}
