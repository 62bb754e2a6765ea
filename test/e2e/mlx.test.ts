/**
 * `punie mlx` and `punie fuse` from the built binary against the fake mlx_lm: readiness, status
 * after stop, a server that never becomes ready, the port check, Ctrl-C, --fuse, mlx.launch.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../../src/mlx/port.ts";
import { tempDir } from "../helpers/temp.ts";
import { FAKE_MLX, fakeEnv, killLeftovers, machinePython, mlxCalls, processesWith, punie, spawnPunie, waitFor, writeData } from "./mlx-harness.ts";

let marker = "";
afterEach(() => killLeftovers(marker));

function setUp(extra: Record<string, string> = {}) {
  const dir = tempDir("punie-mlx-");
  marker = `fake/served-${Math.random().toString(36).slice(2, 10)}`;
  return { dir, env: fakeEnv(dir, extra), model: marker, port: String(freePort("127.0.0.1")) };
}

describe.skipIf(machinePython() === null)("punie mlx", () => {
  test("start waits for a chat answer, prints the model spec; status lists it; stop ends it; status after stop", async () => {
    const { dir, env, model, port } = setUp({ FAKE_MLX_LOAD_DELAY: "0.8" });
    const start = await punie(["mlx", "start", "-m", model, "--port", port, "--temp", "0.2", "--max-tokens", "64", "--chat-template-args", '{"enable_thinking":false}'], { cwd: dir, env });
    expect(start.code).toBe(0);
    expect(start.stdout.trim()).toBe(`mlx:http://127.0.0.1:${port}/v1`);
    expect(start.stderr).toContain("Stop it: punie mlx stop");
    expect(start.stderr).toContain(`Use it in PyCharm: punie init --model mlx:http://127.0.0.1:${port}/v1; from a terminal: punie ask -m mlx:http://127.0.0.1:${port}/v1 "..."\n`);
    const [call] = await mlxCalls(dir);
    expect(call?.argv).toEqual(["--model", model, "--host", "127.0.0.1", "--port", port, "--temp", "0.2", "--max-tokens", "64", "--chat-template-args", '{"enable_thinking":false}']);

    // Detached on purpose: it outlived the command and answers.
    const answer = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "default_model", messages: [] }) });
    expect(((await answer.json()) as { model: string }).model).toBe(model);

    const status = JSON.parse((await punie(["mlx", "status", "--json"], { cwd: dir, env })).stdout);
    expect(status).toHaveLength(1);
    expect(status[0]).toMatchObject({ status: "running", pid: call?.pid, port: Number(port), model, adapter: null });
    expect(status[0].memoryBytes).toBeGreaterThan(0);
    const id = status[0].id as string;

    const logs = await punie(["mlx", "logs", id], { cwd: dir, env });
    expect(logs.stdout).toContain(`Starting httpd at 127.0.0.1 on port ${port}`);

    const stop = await punie(["mlx", "stop", id], { cwd: dir, env });
    expect(stop.code).toBe(0);
    expect(stop.stderr).toContain(`Stopped ${id}`);
    expect(processesWith(model)).toEqual([]);
    expect(JSON.parse((await punie(["mlx", "status", "--json"], { cwd: dir, env })).stdout)).toEqual([]);
    const all = JSON.parse((await punie(["mlx", "status", "--all", "--json"], { cwd: dir, env })).stdout);
    expect(all).toMatchObject([{ id, status: "stopped" }]);
    const again = await punie(["mlx", "stop", "--port", port], { cwd: dir, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`no running punie mlx server on port ${port}`);
  }, 30_000);

  test("--foreground stays attached: listed while it runs, Ctrl-C ends it and its record; logs -f ends with the server", async () => {
    const { dir, env, model, port } = setUp();
    const server = await spawnPunie(["mlx", "start", "-m", model, "--port", port, "--foreground"], { cwd: dir, env });
    await waitFor(() => server.stderrSoFar().includes("Ctrl-C stops it."), 20_000, "the server to be ready");
    const [listed] = JSON.parse((await punie(["mlx", "status", "--json"], { cwd: dir, env })).stdout);
    expect(listed).toMatchObject({ status: "running", port: Number(port), model });
    const follower = await spawnPunie(["mlx", "logs", listed.id, "-f"], { cwd: dir, env });
    server.proc.kill("SIGINT");
    const result = await server.result();
    expect(result.code).toBe(130);
    expect(result.stdout.trim()).toBe(`mlx:http://127.0.0.1:${port}/v1`);
    expect(processesWith(model)).toEqual([]);
    const followed = await follower.result();
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain(`Starting httpd at 127.0.0.1 on port ${port}`);
    expect(JSON.parse((await punie(["mlx", "status", "--json"], { cwd: dir, env })).stdout)).toEqual([]);
  }, 40_000);

  test("a server that never becomes ready is killed and reported with its log tail", async () => {
    const { dir, env, model, port } = setUp({ FAKE_MLX_LOAD_FAIL: "1", PUNIE_MLX_PROBE_TIMEOUT_MS: "300" });
    const started = Date.now();
    const start = await punie(["mlx", "start", "-m", model, "--port", port, "--wait-s", "3"], { cwd: dir, env });
    expect(start.code).toBe(1);
    expect(start.stderr).toContain("mlx_lm server was not ready after 3 s");
    expect(start.stderr).toContain("OSError: could not load");
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(processesWith(model)).toEqual([]);
    expect(JSON.parse((await punie(["mlx", "status", "--json"], { cwd: dir, env })).stdout)).toEqual([]);
  }, 30_000);

  test("a port in use is reported before anything starts", async () => {
    const { dir, env, model, port } = setUp();
    const squatter = Bun.serve({ hostname: "127.0.0.1", port: Number(port), fetch: () => new Response("busy") });
    try {
      const start = await punie(["mlx", "start", "-m", model, "--port", port], { cwd: dir, env });
      expect(start.code).toBe(1);
      expect(start.stderr).toContain(`Port ${port} on 127.0.0.1 is in use`);
      expect((await mlxCalls(dir)).filter((c) => c.command === "server")).toEqual([]);
    } finally {
      await squatter.stop(true);
    }
  }, 30_000);

  test("Ctrl-C while waiting for the model leaves no server behind", async () => {
    const { dir, env, model, port } = setUp({ FAKE_MLX_LOAD_FAIL: "1", PUNIE_MLX_PROBE_TIMEOUT_MS: "300" });
    const start = await spawnPunie(["mlx", "start", "-m", model, "--port", port], { cwd: dir, env });
    await waitFor(async () => (await mlxCalls(dir)).some((c) => c.command === "server"), 15_000, "the server to start");
    start.proc.kill("SIGINT");
    const result = await start.result();
    expect(result.code).toBe(130);
    expect(processesWith(model)).toEqual([]);
  }, 30_000);

  test("settings mlx_lm refuses are refused first, naming the flag", async () => {
    const { dir, env, model } = setUp();
    const both = await punie(["mlx", "start", "-m", model, "--max-kv-size", "4096", "--kv-bits", "4"], { cwd: dir, env });
    // Usage mistakes: exit 2, one line naming the command.
    expect(both.code).toBe(2);
    expect(both.stderr).toStartWith("punie mlx start: ");
    expect(both.stderr).toContain("--max-kv-size cannot be combined with --kv-bits");
    const bad = await punie(["mlx", "start", "-m", model, "--top-p", "3"], { cwd: dir, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--top-p 3:");
    const port = await punie(["mlx", "start", "-m", model, "--port", "99999"], { cwd: dir, env });
    expect(port.code).toBe(2);
    expect(port.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^punie mlx start: --port 99999: /)]);
    // --wait-s reads seconds or a span, like eval's --timeout.
    const wait = await punie(["mlx", "start", "-m", model, "--wait-s", "soon"], { cwd: dir, env });
    expect(wait.code).toBe(2);
    expect(wait.stderr).toBe('punie mlx start: --wait-s must be a number of seconds (or a span: 5m, 1.5h), not "soon".\n');
    expect(await mlxCalls(dir)).toEqual([]);
  }, 30_000);

  test("--adapter is served as --adapter-path; --fuse serves a cached fused copy, made once", async () => {
    const { dir, env, model, port } = setUp();
    const adapter = join(dir, "adapter");
    writeFileSync(join(writeData(adapter, 1, []), "adapters.safetensors"), "weights");
    writeFileSync(join(adapter, "adapter_config.json"), "{}");
    for (const round of [1, 2]) {
      const start = await punie(["mlx", "start", "-m", model, "--adapter", adapter, "--fuse", "--port", port], { cwd: dir, env });
      expect(start.code).toBe(0);
      expect(start.stderr).toContain(round === 1 ? "Fused into" : "Serving the cached fused model");
      expect((await punie(["mlx", "stop", "--all"], { cwd: dir, env })).code).toBe(0);
    }
    const calls = await mlxCalls(dir);
    expect(calls.map((c) => c.command)).toEqual(["fuse", "server", "server"]);
    const fused = readdirSync(join(env.PUNIE_HOME ?? "", "fused"));
    expect(fused).toHaveLength(1);
    expect(calls[1]?.argv.slice(0, 2)).toEqual(["--model", join(env.PUNIE_HOME ?? "", "fused", fused[0] ?? "")]);
    expect(calls[1]?.argv).not.toContain("--adapter-path");

    const notAdapter = await punie(["mlx", "start", "-m", model, "--adapter", dir, "--port", port], { cwd: dir, env });
    expect(notAdapter.code).toBe(1);
    expect(notAdapter.stderr).toContain("is not an adapter folder: adapters.safetensors is missing");
    const missingModel = await punie(["mlx", "start", "-m", "./no-such-model", "--port", port], { cwd: dir, env });
    expect(missingModel.stderr).toContain("--model ./no-such-model: no such folder");
    expect((await mlxCalls(dir)).length).toBe(3);

    const plain = await punie(["mlx", "start", "-m", model, "--adapter", adapter, "--port", port, "--json"], { cwd: dir, env });
    expect(plain.code).toBe(0);
    expect((await mlxCalls(dir)).at(-1)?.argv).toEqual(["--model", model, "--adapter-path", adapter, "--host", "127.0.0.1", "--port", port]);
    expect((await punie(["mlx", "stop", "--all"], { cwd: dir, env })).code).toBe(0);
  }, 40_000);

  test("--hosts runs the server through mlx.launch with --pipeline", async () => {
    const { dir, model, port } = setUp();
    const launchLog = join(dir, "launch.jsonl");
    const env = fakeEnv(dir, { FAKE_MLX_LAUNCH_LOG: launchLog, PATH: `${join(FAKE_MLX, "bin")}:${process.env.PATH}` });
    const start = await punie(["mlx", "start", "-m", model, "--port", port, "--hosts", "10.0.0.1,10.0.0.2", "--backend", "ring"], { cwd: dir, env });
    expect(start.code).toBe(0);
    const [argv] = readFileSync(launchLog, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(argv).toEqual(["--hosts", "10.0.0.1,10.0.0.2", "--backend", "ring", "--", env.PUNIE_PYTHON, "-m", "mlx_lm", "server", "--model", model, "--host", "127.0.0.1", "--port", port, "--pipeline"]);
    expect((await punie(["mlx", "stop", "--all"], { cwd: dir, env })).code).toBe(0);
    expect(processesWith(model)).toEqual([]);
  }, 30_000);
});

describe.skipIf(machinePython() === null)("punie fuse", () => {
  test("writes a model folder; warns about 4-bit bases; refuses a folder that is no adapter", async () => {
    const dir = tempDir("punie-fuse-");
    const env = fakeEnv(dir);
    const adapter = join(dir, "adapter");
    writeFileSync(join(writeData(adapter, 1, []), "adapters.safetensors"), "weights");
    writeFileSync(join(adapter, "adapter_config.json"), "{}");
    const out = join(dir, "fused");
    const run = await punie(["fuse", "-m", "mlx-community/Qwen2.5-Coder-7B-Instruct-4bit", "--adapter", adapter, "-o", out], { cwd: dir, env });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("warning: fusing into a 4-bit base");
    expect(existsSync(join(out, "config.json"))).toBe(true);
    expect((await mlxCalls(dir))[0]?.argv).toEqual(["--model", "mlx-community/Qwen2.5-Coder-7B-Instruct-4bit", "--adapter-path", adapter, "--save-path", out]);
    // The same --output again is refused before mlx_lm runs; --force writes into it.
    const again = await punie(["fuse", "-m", "mlx-community/Qwen2.5-Coder-7B-Instruct-8bit", "--adapter", adapter, "-o", out], { cwd: dir, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`punie fuse: ${out} exists and is not an empty folder: pass --force to write the fused model into it, or pick another --output\n`);
    expect(await mlxCalls(dir)).toHaveLength(1);
    const forced = await punie(["fuse", "-m", "mlx-community/Qwen2.5-Coder-7B-Instruct-8bit", "--adapter", adapter, "-o", out, "--force"], { cwd: dir, env });
    expect(forced.code).toBe(0);
    const none = await punie(["fuse", "-m", "m", "--adapter", dir, "-o", join(dir, "x")], { cwd: dir, env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("is not an adapter folder: adapters.safetensors is missing");
  }, 30_000);
});

// Keeps the fixture executable whatever the checkout did to modes.
chmodSync(join(FAKE_MLX, "bin", "mlx.launch"), 0o755);
