/** `punie train grid --suite S`: each adapter served and scored by the eval suite; ranked by it. */
import { afterEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.ts";
import { fakeEnv, killLeftovers, machinePython, mlxCalls, processesWith, punie, writeData } from "./mlx-harness.ts";

let marker = "";
afterEach(() => killLeftovers(marker));

describe.skipIf(machinePython() === null)("punie train grid --suite", () => {
  test("ranks the adapters by the suite's score, each served by a managed server that is stopped", async () => {
    const dir = tempDir("punie-grid-suite-");
    marker = `fake/gridsuite-${Math.random().toString(36).slice(2, 10)}`;
    const data = writeData(join(dir, "data"));
    const out = join(dir, "grid");
    // The fake server answers "fake reply from MODEL with ADAPTER": only the rank-8 adapter's folder name
    // says lr1e-05-r8 (a bare "r8" can also occur in the random temp folder or model names).
    writeFileSync(join(dir, "suite.yaml"), 'name: adapters\nprompts:\n  - {id: p, prompt: "Say something", expect: {keywords: [fake reply, lr1e-05-r8]}}\n');
    const args = ["train", "grid", data, "-m", marker, "-o", out, "--learning-rates", "1e-5", "--ranks", "4,8", "--iters", "4", "--suite", "suite.yaml", "--json"];
    const run = await punie(args, { cwd: dir, env: fakeEnv(dir) });
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}");
    expect(doc.runs.map((row: { name: string; score: number }) => [row.name, row.score])).toEqual([
      ["lr1e-05-r8", 1],
      ["lr1e-05-r4", 0.5],
    ]);
    const served = (await mlxCalls(dir)).filter((call) => call.command === "server").map((call) => call.argv[call.argv.indexOf("--adapter-path") + 1]);
    expect(served.sort()).toEqual([join(out, "lr1e-05-r4"), join(out, "lr1e-05-r8")]);
    expect(processesWith(marker)).toEqual([]);
    expect(await Bun.file(join(out, "grid.html")).text()).toContain("suite score");
  }, 120_000);

  test("an invalid suite stops the grid before any training", async () => {
    const dir = tempDir("punie-grid-suite-");
    marker = `fake/gridsuite-${Math.random().toString(36).slice(2, 10)}`;
    const data = writeData(join(dir, "data"));
    writeFileSync(join(dir, "bad.yaml"), "name: bad\nprompts: []\n");
    const run = await punie(["train", "grid", data, "-m", marker, "-o", join(dir, "grid"), "--learning-rates", "1e-5", "--ranks", "4", "--suite", "bad.yaml"], { cwd: dir, env: fakeEnv(dir) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Invalid suite bad.yaml: prompts:");
    expect(await mlxCalls(dir)).toEqual([]);
  }, 60_000);
});
