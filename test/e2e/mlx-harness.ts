/**
 * End-to-end set-up for `punie train|mlx|fuse`: the built binary, the fake mlx_lm on PYTHONPATH
 * (test/fixtures/mlx) run by the machine's python3, a private PUNIE_HOME, and helpers to prove
 * that no process is left behind.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { agentCommand, ROOT } from "./harness.ts";

export const FAKE_MLX = join(ROOT, "test", "fixtures", "mlx");

let cached: string | null | undefined;

/**
 * The real interpreter behind `python3` (a pyenv shim costs seconds per start), or null when the
 * machine has none: tests that need it are skipped.
 */
export function machinePython(): string | null {
  if (cached !== undefined) return cached;
  const python3 = Bun.which("python3");
  if (!python3) return (cached = null);
  const probe = Bun.spawnSync([python3, "-c", "import sys; print(sys.executable)"], { stdout: "pipe", stderr: "ignore" });
  cached = probe.success ? probe.stdout.toString().trim() || python3 : null;
  return cached;
}

export type Box = { dir: string; home: string; env: Record<string, string> };

export function fakeEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith("FAKE_MLX") && key !== "PUNIE_MODEL") env[key] = value;
  return {
    ...env,
    PUNIE_HOME: join(dir, "home"),
    PUNIE_PYTHON: machinePython() ?? "python3",
    PYTHONPATH: FAKE_MLX,
    FAKE_MLX_ITER_DELAY: "0.002",
    FAKE_MLX_LOAD_DELAY: "0.1",
    FAKE_MLX_CALLS: join(dir, "mlx-calls.jsonl"),
    ...extra,
  };
}

export type Result = { code: number | null; stdout: string; stderr: string };

export async function punie(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<Result> {
  const proc = Bun.spawn([...(await agentCommand()), ...args], { cwd: options.cwd, env: options.env, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

/** Starts punie without waiting; `text()` gathers its output once it ends. */
export async function spawnPunie(args: string[], options: { cwd: string; env: Record<string, string> }) {
  const proc = Bun.spawn([...(await agentCommand()), ...args], { cwd: options.cwd, env: options.env, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  let stderr = "";
  const reading = (async () => {
    for await (const chunk of proc.stderr) stderr += new TextDecoder().decode(chunk);
  })();
  const stdout = new Response(proc.stdout).text();
  return {
    proc,
    stderrSoFar: () => stderr,
    async result(): Promise<Result> {
      const code = await proc.exited;
      await reading;
      return { code, stdout: await stdout, stderr };
    },
  };
}

/** `count` chat examples per split. */
export function writeData(dir: string, count = 8, splits = ["train", "valid"]): string {
  mkdirSync(dir, { recursive: true });
  const line = (i: number) => JSON.stringify({ messages: [{ role: "user", content: `Question ${i}?` }, { role: "assistant", content: `Answer ${i}.` }] });
  for (const split of splits) writeFileSync(join(dir, `${split}.jsonl`), `${Array.from({ length: count }, (_, i) => line(i)).join("\n")}\n`);
  return dir;
}

/** The calls the fake mlx_lm received (FAKE_MLX_CALLS). */
export async function mlxCalls(dir: string): Promise<{ command: string; argv: string[]; pid: number }[]> {
  const file = Bun.file(join(dir, "mlx-calls.jsonl"));
  if (!(await file.exists())) return [];
  return (await file.text()).trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

/** Running (not zombie) processes whose command line contains `text`. */
export function processesWith(text: string): number[] {
  const ps = Bun.spawnSync(["ps", "-A", "-o", "pid=,stat=,command="], { stdout: "pipe" });
  return ps.stdout
    .toString()
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && !(m[2] ?? "").startsWith("Z") && (m[3] ?? "").includes(text) && !(m[3] ?? "").includes("ps -A"))
    .map((m) => Number(m[1]));
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}

/** Ends whatever a failed test left running that carries `marker` (a unique model name). */
export function killLeftovers(marker: string): void {
  for (const pid of processesWith(marker)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
}
