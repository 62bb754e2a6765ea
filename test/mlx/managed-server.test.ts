/** startManagedServer: what eval and grid use; it never outlives its caller. */
import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { startManagedServer } from "../../src/mlx/index.ts";
import { fakeEnv, killLeftovers, machinePython, processesWith, waitFor } from "../e2e/mlx-harness.ts";
import { tempDir } from "../helpers/temp.ts";

let marker = "";
afterEach(() => killLeftovers(marker));

function setUp(extra: Record<string, string> = {}) {
  const dir = tempDir("punie-managed-");
  marker = `fake/managed-${Math.random().toString(36).slice(2, 10)}`;
  return { dir, env: fakeEnv(dir, extra), model: marker };
}

describe.skipIf(machinePython() === null)("startManagedServer", () => {
  test("picks a free port, is ready to chat, and stop() ends it", async () => {
    const { dir, env, model } = setUp();
    const server = await startManagedServer({ model }, { env, cwd: dir });
    expect(server.modelSpec).toBe(`mlx:${server.baseUrl}`);
    const response = await fetch(`${server.baseUrl}/chat/completions`, { method: "POST", body: JSON.stringify({ model: "default_model", messages: [] }) });
    expect(response.ok).toBe(true);
    await response.body?.cancel();
    await server.stop();
    expect(processesWith(model)).toEqual([]);
    expect(server.logPath.startsWith(join(env.PUNIE_HOME ?? "", "run"))).toBe(true);
  }, 20_000);

  test("the caller's AbortSignal stops a server still loading", async () => {
    const { dir, env, model } = setUp({ FAKE_MLX_LOAD_FAIL: "1" });
    const controller = new AbortController();
    const starting = startManagedServer({ model }, { env, cwd: dir, signal: controller.signal, probeTimeoutMs: 200 });
    await waitFor(() => processesWith(model).length > 0, 15_000, "the server process");
    controller.abort();
    await expect(starting).rejects.toBeDefined();
    await waitFor(() => processesWith(model).length === 0, 2000, "the server to end");
  }, 20_000);

  test("SIGKILL of the caller still ends the server (the reaper)", async () => {
    const { dir, env, model } = setUp();
    const parent = Bun.spawn([process.execPath, join(import.meta.dir, "..", "fixtures", "process", "managed-server-parent.ts"), model], { cwd: dir, env, stdout: "pipe", stderr: "pipe" });
    const line = (await parent.stdout.getReader().read()).value;
    const { pid } = JSON.parse(new TextDecoder().decode(line)) as { pid: number };
    expect(processesWith(model)).toContain(pid);
    parent.kill("SIGKILL");
    await parent.exited;
    await waitFor(() => processesWith(model).length === 0, 1500, "the server to be reaped");
  }, 20_000);
});
