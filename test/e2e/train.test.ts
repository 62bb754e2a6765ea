/**
 * `punie train` from the built binary against the fake mlx_lm (test/fixtures/mlx): what reaches
 * mlx_lm, what training.json and `train list` say, Ctrl-C, --resume, failures, both log formats.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.ts";
import { FAKE_MLX, fakeEnv, killLeftovers, machinePython, mlxCalls, processesWith, punie, spawnPunie, waitFor, writeData } from "./mlx-harness.ts";

const noPython = machinePython() === null;
let marker = "";
afterEach(() => killLeftovers(marker));

function setUp(extra: Record<string, string> = {}) {
  const dir = tempDir("punie-train-");
  marker = `fake/model-${Math.random().toString(36).slice(2, 10)}`;
  const data = writeData(join(dir, "data"));
  return { dir, data, out: join(dir, "out"), env: fakeEnv(dir, extra), model: marker };
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe.skipIf(noPython)("punie train with the fake mlx_lm", () => {
  test("a finished run: exact flags reach mlx_lm, rank reaches it through the YAML, training.json and train list agree", async () => {
    const { dir, data, out, env, model } = setUp();
    const args = ["train", data, "-m", model, "-o", out, "--iters", "30", "--batch-size", "2", "--learning-rate", "2e-5", "--num-layers", "8", "--rank", "16", "--scale", "10", "--dropout", "0.05"];
    const run = await punie([...args, "--save-every", "10", "--steps-per-report", "5", "--steps-per-eval", "10", "--val-batches", "2", "--seed", "3", "--mask-prompt", "--grad-checkpoint"], { cwd: dir, env });
    expect(run.stderr).toContain("Finished 30 iterations");
    expect(run.code).toBe(0);

    const [call] = await mlxCalls(dir);
    expect(call?.command).toBe("lora");
    expect(call?.argv).toEqual([
      "--model", model, "--train", "--data", data, "--adapter-path", out, "--fine-tune-type", "lora", "--optimizer", "adam",
      "--iters", "30", "--batch-size", "2", "--learning-rate", "0.00002", "--num-layers", "8", "--max-seq-length", "2048",
      "--steps-per-report", "5", "--steps-per-eval", "10", "--val-batches", "2", "--save-every", "10", "--seed", "3",
      "--grad-checkpoint", "--mask-prompt", "-c", join(out, "lora_config.yaml"),
    ]);
    // mlx_lm has no rank flag: the fake wrote what it actually trained with.
    expect(readJson(join(out, "adapter_config.json")).lora_parameters).toEqual({ rank: 16, scale: 10, dropout: 0.05 });

    const record = readJson(join(out, "training.json"));
    expect(record.status).toBe("finished");
    expect(record.mlxLmVersion).toBe("0.31.2");
    expect(record.curves.val.map((p: { iteration: number }) => p.iteration)).toEqual([1, 10, 20, 30]);
    expect(record.curves.train.map((p: { iteration: number }) => p.iteration)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(record.checkpoints.map((c: { iteration: number }) => c.iteration)).toEqual([10, 20, 30]);
    expect(record.trainableParameters.trainableM).toBeCloseTo(16 * 8 * 0.002986, 3);
    expect(record.dataFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(record.exit).toEqual({ code: 0, signal: null });

    const list = await punie(["train", "list", "--json"], { cwd: dir, env });
    const [row] = JSON.parse(list.stdout);
    expect(row).toMatchObject({
      id: record.id,
      status: "finished",
      outputDir: out,
      model,
      lastIteration: 30,
      iters: 30,
      finalTrainLoss: record.curves.train.at(-1).loss,
      finalValLoss: record.curves.val.at(-1).loss,
      tokensPerSec: record.tokensPerSec,
      peakMemGb: record.peakMemGb,
    });
    const show = await punie(["train", "show", record.id.slice(0, 4), "--json"], { cwd: dir, env });
    expect(JSON.parse(show.stdout)).toEqual(record);
    // The text names each setting as the flag that sets it, as the HTML report does.
    const shownText = await punie(["train", "show", record.id.slice(0, 4)], { cwd: dir, env });
    expect(shownText.stdout).toContain("--iters 30 --batch-size ");
    expect(shownText.stdout).not.toContain("batchSize=");
  }, 60_000);

  test("both log formats give the same curves", async () => {
    const curves: unknown[] = [];
    for (const format of ["plain", "rich"]) {
      const { dir, data, out, env, model } = setUp({ FAKE_MLX_LOG_FORMAT: format });
      const run = await punie(["train", data, "-m", model, "-o", out, "--iters", "25", "--steps-per-report", "5", "--steps-per-eval", "10", "--save-every", "10"], { cwd: dir, env });
      expect(run.code).toBe(0);
      const record = readJson(join(out, "training.json"));
      expect(record.curves.train.length).toBe(5);
      expect(record.checkpoints.map((c: { file: string }) => c.file)).toEqual([join(out, "0000010_adapters.safetensors"), join(out, "0000020_adapters.safetensors")]);
      curves.push(record.curves);
    }
    expect(curves[1]).toEqual(curves[0]);
  }, 60_000);

  test("invalid data is refused before mlx_lm starts", async () => {
    const { dir, out, env, model } = setUp();
    const data = writeData(join(dir, "small"), 3);
    await Bun.write(join(data, "valid.jsonl"), '{"messages": [{"role": "user"}]}\nnot json\n');
    const run = await punie(["train", data, "-m", model, "-o", out, "--iters", "5"], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("is not ready for training");
    expect(run.stderr).toContain("valid.jsonl:2");
    expect(run.stderr).toContain("fewer than the batch size 4");
    expect(await mlxCalls(dir)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  test("an unknown flag is an error naming it; nothing starts", async () => {
    const { dir, data, out, env, model } = setUp();
    const run = await punie(["train", data, "-m", model, "-o", out, "--lora-rank", "8"], { cwd: dir, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown flag --lora-rank");
    expect(await mlxCalls(dir)).toEqual([]);
  }, 60_000);

  test("a bad value names its flag", async () => {
    const { dir, data, out, env, model } = setUp();
    const run = await punie(["train", data, "-m", model, "-o", out, "--fine-tune-type", "qlora"], { cwd: dir, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--fine-tune-type "qlora": expected one of lora, dora, full');
  }, 60_000);

  test("no mlx_lm for the Python: one line with the install command, exit 1, nothing else", async () => {
    const { dir, data, out, env, model } = setUp({ FAKE_MLX_NO_IMPORT: "1" });
    const run = await punie(["train", data, "-m", model, "-o", out], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("pip install mlx-lm");
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  test("a failing mlx_lm ends with exit 1, the reason and its last log lines", async () => {
    const { dir, data, out, env, model } = setUp({ FAKE_MLX_FAIL_AT: "12" });
    const run = await punie(["train", data, "-m", model, "-o", out, "--iters", "30", "--save-every", "10"], { cwd: dir, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("mlx_lm lora exited with code 1; last log lines:");
    expect(run.stderr).toContain("Insufficient Memory (iteration 12)");
    expect(readJson(join(out, "training.json"))).toMatchObject({ status: "failed", error: "mlx_lm lora exited with code 1", lastIteration: 10 });
  }, 60_000);

  test("Ctrl-C: child stopped, checkpoint kept, recorded as interrupted, exit 130; --resume numbers on from the checkpoint", async () => {
    const { dir, data, out, env, model } = setUp({ FAKE_MLX_ITER_DELAY: "0.02" });
    const running = await spawnPunie(["train", data, "-m", model, "-o", out, "--iters", "200", "--save-every", "20", "--steps-per-report", "10", "--steps-per-eval", "50"], { cwd: dir, env });
    await waitFor(() => existsSync(join(out, "0000040_adapters.safetensors")), 20_000, "two checkpoints");
    const children = processesWith(model);
    expect(children.length).toBeGreaterThan(0);
    running.proc.kill("SIGINT");
    const result = await running.result();
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("Interrupted at iteration");
    expect(processesWith(model)).toEqual([]);
    const interrupted = readJson(join(out, "training.json"));
    expect(interrupted.status).toBe("interrupted");
    const kept = interrupted.checkpoints.at(-1).iteration as number;
    expect(kept).toBeGreaterThanOrEqual(40);
    expect(existsSync(join(out, `${String(kept).padStart(7, "0")}_adapters.safetensors`))).toBe(true);

    const resumed = await punie(["train", "--resume", "-o", out, "--steps-per-report", "10"], { cwd: dir, env: { ...env, FAKE_MLX_ITER_DELAY: "0.001" } });
    expect(resumed.code).toBe(0);
    const calls = await mlxCalls(dir);
    const argv = calls.at(-1)?.argv ?? [];
    expect(argv[argv.indexOf("--iters") + 1]).toBe(String(200 - kept));
    expect(argv[argv.indexOf("--resume-adapter-file") + 1]).toBe(join(out, `${String(kept).padStart(7, "0")}_adapters.safetensors`));
    const record = readJson(join(out, "training.json"));
    expect(record).toMatchObject({ status: "finished", lastIteration: 200, resumedFrom: { iteration: kept } });
    const iterations = record.curves.train.map((p: { iteration: number }) => p.iteration);
    expect(iterations).toEqual([...iterations].sort((a, b) => a - b));
    expect(new Set(iterations).size).toBe(iterations.length);
    expect(iterations.at(-1)).toBe(200);
    // Checkpoints are numbered on, never overwritten by mlx_lm's restarted count.
    const names = readdirSync(out).filter((n) => /^\d+_adapters/.test(n));
    expect(names).toContain("0000200_adapters.safetensors");
    expect(names.length).toBe(10);
    expect(existsSync(join(out, ".resume"))).toBe(false);
  }, 60_000);

  test("an output folder holding a run is not overwritten by accident", async () => {
    const { dir, data, out, env, model } = setUp();
    expect((await punie(["train", data, "-m", model, "-o", out, "--iters", "5"], { cwd: dir, env })).code).toBe(0);
    const again = await punie(["train", data, "-m", model, "-o", out, "--iters", "5"], { cwd: dir, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already holds a run (finished): --resume to continue it, --force to start over");
  }, 60_000);

  test("--config YAML with dashes or underscores; flags win", async () => {
    const { dir, data, out, env, model } = setUp();
    await Bun.write(join(dir, "train.yaml"), "iters: 12\nbatch_size: 2\nlearning-rate: 3e-5\nlora_parameters:\n  rank: 4\n");
    const run = await punie(["train", data, "-m", model, "-o", out, "--config", join(dir, "train.yaml"), "--iters", "6"], { cwd: dir, env });
    expect(run.code).toBe(0);
    const record = readJson(join(out, "training.json"));
    expect(record.settings).toMatchObject({ iters: 6, batchSize: 2, learningRate: 3e-5, rank: 4 });
  }, 60_000);

  test("--json prints one event per line on stdout and the end", async () => {
    const { dir, data, out, env, model } = setUp();
    const run = await punie(["train", data, "-m", model, "-o", out, "--iters", "10", "--steps-per-report", "5", "--json"], { cwd: dir, env });
    const events = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
    expect(events.map((e) => e.type)).toEqual(["trainable", "start", "val", "train", "val", "train", "final", "end"]);
    expect(events.at(-1)).toMatchObject({ type: "end", status: "finished", output: out });
  }, 60_000);

  test("train report writes one self-contained HTML file with the loss curves", async () => {
    const { dir, data, out, env } = setUp();
    const model = `${marker}<script>alert(1)</script>`;
    expect((await punie(["train", data, "-m", model, "-o", out, "--iters", "20", "--steps-per-report", "2"], { cwd: dir, env })).code).toBe(0);
    const file = join(dir, "report.html");
    const report = await punie(["train", "report", out, "-o", file], { cwd: dir, env });
    expect(report.code).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("<polyline");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toMatch(/(src|href)="https?:/);
    // Written the way every report is: its folder created; a folder in the way is one line.
    expect((await punie(["train", "report", out, "-o", "reports/run.html"], { cwd: dir, env })).code).toBe(0);
    expect(readFileSync(join(dir, "reports", "run.html"), "utf8")).toStartWith("<!DOCTYPE html>");
    expect(await punie(["train", "report", out, "-o", "reports"], { cwd: dir, env })).toMatchObject({ code: 1, stderr: "punie train report: Cannot write the report: reports: is a directory.\n" });
  }, 60_000);

  test("--hosts trains through mlx.launch (data-parallel), the lora argv unchanged after --", async () => {
    const { dir, data, out, model } = setUp();
    const launchLog = join(dir, "launch.jsonl");
    const env = fakeEnv(dir, { FAKE_MLX_LAUNCH_LOG: launchLog, PATH: `${join(FAKE_MLX, "bin")}:${process.env.PATH}` });
    const run = await punie(["train", data, "-m", model, "-o", out, "--iters", "5", "--hosts", "mac1.local,mac2.local"], { cwd: dir, env });
    expect(run.code).toBe(0);
    const [argv] = readFileSync(launchLog, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const [call] = await mlxCalls(dir);
    expect(argv).toEqual(["--hosts", "mac1.local,mac2.local", "--", env.PUNIE_PYTHON, "-m", "mlx_lm", "lora", ...(call?.argv ?? [])]);
    expect(readJson(join(out, "training.json")).argv[0]).toBe(join(FAKE_MLX, "bin", "mlx.launch"));
  }, 60_000);

  test("train bench trains on generated data and reports s/iter, tokens/s and peak memory", async () => {
    const { dir, env, model } = setUp();
    const run = await punie(["train", "bench", "-m", model, "--iters", "10", "--json", "-o", join(dir, "bench")], { cwd: dir, env });
    expect(run.code).toBe(0);
    const line = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}");
    expect(line).toMatchObject({ type: "bench", iters: 10, batchSize: 4, tokensPerSec: 108, peakMemGb: 1.58 });
    expect(line.secondsPerIter).toBeGreaterThan(0);
    const list = JSON.parse((await punie(["train", "list", "--json"], { cwd: dir, env })).stdout);
    expect(list[0]).toMatchObject({ id: line.id, kind: "bench", status: "finished" });
  }, 60_000);
});
