/**
 * Cold start: spawn → `initialize` answer, and RSS after session/new, for dist/punie against
 * (a) a compiled bare Bun echo and (b) a minimal agent on the same ACP SDK compiled with the same
 * flags. Runs interleave after a warm-up; medians are compared. Also compares build flags.
 *
 *   bun bench/startup.ts [--runs 15]
 */
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COMPILE_FLAGS } from "../scripts/build.ts";
import { median, ratio, row } from "./stats.ts";

const root = join(import.meta.dir, "..");
const out = join(root, "bench", ".data", "startup");
const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 15;

async function compile(entry: string, outfile: string, flags: string[]): Promise<string> {
  const proc = Bun.spawn([process.execPath, "build", entry, "--compile", ...flags, "--outfile", outfile], { cwd: root, stdout: "ignore", stderr: "inherit" });
  if ((await proc.exited) !== 0) throw new Error(`compile failed: ${entry}`);
  return outfile;
}

const INIT = `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: 1, clientCapabilities: {} } })}\n`;

type Sample = { initMs: number; rssKb: number | null };

/** Spawns, sends initialize, waits for the answer; then (agents only) session/new and reads RSS. */
async function sample(command: string[], withSession: boolean, cwd: string, home: string): Promise<Sample> {
  const started = performance.now();
  const proc = Bun.spawn(command, { stdin: "pipe", stdout: "pipe", stderr: "ignore", env: { ...process.env, PUNIE_HOME: home } });
  proc.stdin.write(INIT);
  proc.stdin.flush();
  const reader = proc.stdout.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const nextLine = async (): Promise<string> => {
    for (;;) {
      const newline = buffer.indexOf("\n");
      if (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        return line;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error(`${command[0]} exited before answering`);
      buffer += decoder.decode(value, { stream: true });
    }
  };
  await nextLine();
  const initMs = performance.now() - started;
  let rssKb: number | null = null;
  if (withSession) {
    proc.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "session/new", params: { cwd, mcpServers: [] } })}\n`);
    proc.stdin.flush();
    for (;;) {
      const line = await nextLine();
      if (line.includes('"id":2')) break;
    }
    const status = await Bun.file(`/proc/${proc.pid}/status`).text().catch(() => "");
    const match = /VmRSS:\s+(\d+)/.exec(status);
    rssKb = match ? Number(match[1]) : null;
  }
  proc.kill();
  await proc.exited;
  return { initMs, rssKb };
}

if (import.meta.main) {
  await mkdir(out, { recursive: true });
  const cwd = await mkdtemp(join(tmpdir(), "punie-bench-"));
  const home = await mkdtemp(join(tmpdir(), "punie-bench-home-"));
  console.error("compiling baselines and punie variants…");
  const echo = await compile("bench/fixtures/echo.ts", join(out, "echo"), COMPILE_FLAGS);
  const minimal = await compile("bench/fixtures/minimal-agent.ts", join(out, "minimal-agent"), COMPILE_FLAGS);
  const punie = await compile("src/main.ts", join(out, "punie"), COMPILE_FLAGS);
  const plain = await compile("src/main.ts", join(out, "punie-plain"), []);
  const minifyOnly = await compile("src/main.ts", join(out, "punie-minify"), ["--minify"]);

  const sides: Array<{ name: string; command: string[]; session: boolean }> = [
    { name: "bare echo (a)", command: [echo], session: false },
    { name: "minimal SDK agent (b)", command: [minimal], session: true },
    { name: "punie (--bytecode --minify)", command: [punie, "--model", "test"], session: true },
    { name: "punie (no flags)", command: [plain, "--model", "test"], session: true },
    { name: "punie (--minify)", command: [minifyOnly, "--model", "test"], session: true },
  ];
  const results = new Map<string, Sample[]>(sides.map((side) => [side.name, []]));
  for (const side of sides) await sample(side.command, side.session, cwd, home); // warm-up
  for (let run = 0; run < RUNS; run++) {
    for (const side of sides) results.get(side.name)?.push(await sample(side.command, side.session, cwd, home));
  }
  const initOf = (name: string) => median((results.get(name) ?? []).map((s) => s.initMs));
  const rssOf = (name: string) => median((results.get(name) ?? []).map((s) => s.rssKb ?? 0));
  const a = initOf("bare echo (a)");
  const b = initOf("minimal SDK agent (b)");
  const bRss = rssOf("minimal SDK agent (b)");
  const widths = [30, 14, 10, 10, 16, 10];
  console.log(`\nCold start to the initialize answer — medians of ${RUNS} interleaved runs`);
  console.log(row(["side", "initialize ms", "vs (a)", "vs (b)", "RSS after new", "vs (b)"], widths));
  for (const side of sides) {
    const init = initOf(side.name);
    const rss = side.session ? rssOf(side.name) : null;
    console.log(
      row([side.name, init.toFixed(1), ratio(init, a), ratio(init, b), rss ? `${(rss / 1024).toFixed(1)} MB` : "-", rss ? ratio(rss, bRss) : "-"], widths),
    );
  }
  const punieInit = initOf("punie (--bytecode --minify)");
  const punieRss = rssOf("punie (--bytecode --minify)");
  console.log(`\nbudget: initialize ≤ 1.2x (b): ${ratio(punieInit, b)} ${punieInit <= 1.2 * b ? "OK" : "OVER"}; RSS ≤ 1.3x (b): ${ratio(punieRss, bRss)} ${punieRss <= 1.3 * bRss ? "OK" : "OVER"}`);
}
