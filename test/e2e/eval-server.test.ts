/** `punie eval --server`: a managed (fake) mlx_lm server for the run, never left behind. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.ts";
import { fakeEnv, killLeftovers, machinePython, mlxCalls, processesWith, punie, spawnPunie, waitFor } from "./mlx-harness.ts";

let marker = "";
afterEach(() => killLeftovers(marker));

function setUp() {
  const dir = tempDir("punie-eval-server-");
  marker = `fake/eval-${Math.random().toString(36).slice(2, 10)}`;
  // The fake server answers "fake reply from MODEL [with ADAPTER]".
  writeFileSync(join(dir, "suite.yaml"), 'name: served\nprompts:\n  - {id: hello, prompt: "Say hello", expect: {keywords: [fake reply]}}\n');
  return { dir, env: fakeEnv(dir) };
}

/** An adapter folder as `punie train` leaves it (the fake mlx_lm only checks the files exist). */
function writeAdapter(dir: string): string {
  const adapter = join(dir, "adapter");
  mkdirSync(adapter);
  writeFileSync(join(adapter, "adapters.safetensors"), "weights");
  writeFileSync(join(adapter, "adapter_config.json"), "{}");
  return adapter;
}

describe.skipIf(machinePython() === null)("punie eval --server", () => {
  test("serves --model-path with the adapter for the run, scores it, and stops the server", async () => {
    const { dir, env } = setUp();
    const adapter = writeAdapter(dir);
    const run = await punie(["eval", "--suite", "suite.yaml", "--server", "--model-path", marker, "--adapter", "adapter", "--json"], { cwd: dir, env });
    expect(run.stderr).toContain("mlx_lm server ready at http://127.0.0.1:");
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.model).toBe(`mlx-server:${marker} + adapter`);
    expect(doc.prompts[0]).toMatchObject({ score: 1 });
    expect(doc.prompts[0].answer).toContain(`with ${adapter}`);
    const servers = (await mlxCalls(dir)).filter((call) => call.command === "server");
    expect(servers).toHaveLength(1);
    expect(servers[0]?.argv).toEqual(expect.arrayContaining(["--model", marker, "--adapter-path", adapter]));
    expect(processesWith(marker)).toEqual([]);
  }, 60_000);

  test("--fuse serves a fused copy of model and adapter", async () => {
    const { dir, env } = setUp();
    writeAdapter(dir);
    const run = await punie(["eval", "--suite", "suite.yaml", "--server", "--model-path", marker, "--adapter", "adapter", "--fuse", "--json"], { cwd: dir, env });
    expect(run.code).toBe(0);
    const calls = await mlxCalls(dir);
    expect(calls.map((call) => call.command)).toEqual(["fuse", "server"]);
    const fused = calls[0]?.argv[calls[0].argv.indexOf("--save-path") + 1] ?? "";
    // The server loads the fused folder (renamed from its temp name), with no adapter flag.
    expect(calls[1]?.argv.join(" ")).toContain(`--model ${fused.replace(/\.partial-\d+$/, "")}`);
    expect(calls[1]?.argv).not.toContain("--adapter-path");
    expect(JSON.parse(run.stdout).model).toBe(`mlx-server:${marker} + adapter (fused)`);
    expect(processesWith(fused.replace(/\.partial-\d+$/, ""))).toEqual([]);
  }, 60_000);

  test("eval grid --server: one server per --max-kv-sizes value, request-level values sent to it, never left behind", async () => {
    const { dir, env } = setUp();
    const run = await punie(["eval", "grid", "--suite", "suite.yaml", "--server", "--model-path", marker, "--max-kv-sizes", "1024,2048", "--temperatures", "0,0.5", "--json"], { cwd: dir, env });
    expect(run.code).toBe(0);
    const servers = (await mlxCalls(dir)).filter((call) => call.command === "server");
    expect(servers.map((call) => call.argv[call.argv.indexOf("--max-kv-size") + 1])).toEqual(["1024", "2048"]);
    const doc = JSON.parse(run.stdout);
    expect(doc.model).toBe(`mlx-server:${marker}`);
    expect(doc.results.map((row: { settings: object }) => row.settings)).toEqual(
      expect.arrayContaining([{ max_kv_size: 1024, temp: 0 }, { max_kv_size: 1024, temp: 0.5 }, { max_kv_size: 2048, temp: 0 }, { max_kv_size: 2048, temp: 0.5 }]),
    );
    expect(await Bun.file(join(dir, "grid.html")).exists()).toBe(true);
    expect(processesWith(marker)).toEqual([]);
  }, 90_000);

  test("Ctrl-C stops the prompt in flight and the server; the run is recorded as interrupted (exit 130)", async () => {
    const { dir, env } = setUp();
    writeFileSync(join(dir, "slow.yaml"), 'name: slow\nprompts:\n  - {id: waits, prompt: "hi", expect: {check: "sleep 30"}}\n');
    const running = await spawnPunie(["eval", "--suite", "slow.yaml", "--server", "--model-path", marker], { cwd: dir, env });
    await waitFor(() => running.stderrSoFar().includes("prompt runs"), 30_000, "the run to start");
    await waitFor(async () => (await mlxCalls(dir)).length > 0 && processesWith("sleep 30").length > 0, 30_000, "the check command");
    running.proc.kill("SIGINT");
    const result = await running.result();
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("Continue with: punie eval --resume");
    expect(processesWith(marker)).toEqual([]);
    const runId = /--resume (\S+)/.exec(result.stderr)?.[1] ?? "";
    const shown = await punie(["eval", "show", runId, "--json"], { cwd: dir, env });
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: "interrupted", prompts: [] });
  }, 90_000);

  test("a server that fails leaves nothing behind and says why in one line", async () => {
    const { dir, env } = setUp();
    mkdirSync(join(dir, "empty"));
    const run = await punie(["eval", "--suite", "suite.yaml", "--server", "--model-path", marker, "--adapter", "empty"], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("is not an adapter folder: adapters.safetensors is missing");
    expect(processesWith(marker)).toEqual([]);
  }, 60_000);

  test.each([
    [["--server"], "--server needs --model-path M"],
    [["--model-path", "m"], "--model-path, --adapter and --fuse go with --server"],
    [["--server", "--model-path", "m", "--fuse"], "--fuse needs --adapter A"],
    [["--server", "--model-path", "m", "--model", "test"], "--server serves --model-path itself"],
  ])("%j", async (args, message) => {
    const { dir, env } = setUp();
    const run = await punie(["eval", "--suite", "suite.yaml", ...args], { cwd: dir, env });
    // Flags that do not go together are a usage mistake: exit 2, nothing started.
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
