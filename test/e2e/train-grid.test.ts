/** `punie train grid` from the built binary with the fake mlx_lm: ranking, Ctrl-C, resuming. */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.ts";
import { fakeEnv, killLeftovers, machinePython, mlxCalls, processesWith, punie, spawnPunie, waitFor, writeData } from "./mlx-harness.ts";

let marker = "";
afterEach(() => killLeftovers(marker));

describe.skipIf(machinePython() === null)("punie train grid", () => {
  test("Ctrl-C stops the grid with no process left; run again, finished runs are skipped; table best first; grid.html", async () => {
    const dir = tempDir("punie-grid-");
    marker = `fake/grid-${Math.random().toString(36).slice(2, 10)}`;
    const data = writeData(join(dir, "data"));
    const out = join(dir, "grid");
    const args = ["train", "grid", data, "-m", marker, "-o", out, "--learning-rates", "1e-5,5e-5", "--ranks", "8,16", "--iters", "40", "--save-every", "10", "--steps-per-eval", "20"];
    const env = fakeEnv(dir, { FAKE_MLX_ITER_DELAY: "0.03" });

    const first = await spawnPunie(args, { cwd: dir, env });
    await waitFor(() => existsSync(join(out, "lr1e-05-r16", "0000010_adapters.safetensors")), 30_000, "the second run's first checkpoint");
    first.proc.kill("SIGINT");
    const interrupted = await first.result();
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain("run the same command again to resume");
    expect(processesWith(marker)).toEqual([]);
    const status = (name: string) => (existsSync(join(out, name, "training.json")) ? JSON.parse(readFileSync(join(out, name, "training.json"), "utf8")).status : null);
    expect(status("lr1e-05-r8")).toBe("finished");
    expect(status("lr1e-05-r16")).toBe("interrupted");
    expect(status("lr5e-05-r8")).toBe(null);

    const callsBefore = (await mlxCalls(dir)).length;
    const second = await punie(args, { cwd: dir, env: { ...env, FAKE_MLX_ITER_DELAY: "0.001" } });
    expect(second.code).toBe(0);
    expect(second.stderr).toContain("[1/4] lr1e-05-r8: finished already, skipped");
    expect(second.stderr).toContain("[2/4] lr1e-05-r16: resuming");
    // Three runs trained this time: the finished one was not run again.
    const calls = (await mlxCalls(dir)).slice(callsBefore);
    expect(calls.map((c) => c.argv[c.argv.indexOf("--adapter-path") + 1])).toEqual([
      join(out, "lr1e-05-r16", ".resume"),
      join(out, "lr5e-05-r8"),
      join(out, "lr5e-05-r16"),
    ]);
    const rows = second.stdout.trim().split("\n").slice(1).map((line) => line.trim().split(/\s+/));
    expect(rows.map((r) => r[1])).toEqual(["lr5e-05-r16", "lr5e-05-r8", "lr1e-05-r16", "lr1e-05-r8"]);
    const scores = rows.map((r) => Number(r[5]));
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    const html = readFileSync(join(out, "grid.html"), "utf8");
    expect(html).toContain("lr5e-05-r16");
    expect(html).toContain("<polyline");
  }, 90_000);
});
