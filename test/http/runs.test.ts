/** Eval and training runs over HTTP and on the Runs page, from the tables punie eval and punie train write. */
import { afterEach, describe, expect, test } from "bun:test";
import { createApp } from "../../src/http/app.ts";
import { createDbEventSource, createDbReads } from "../../src/http/db-reads.ts";
import { createFeed, type Feed } from "../../src/http/feed.ts";
import { RUNS_LISTED, runRoutes } from "../../src/http/runs.ts";
import { addEvalResult, createEvalRun, listEvalRuns, updateEvalRun } from "../../src/store/eval-runs.ts";
import { listTrainingRuns, saveTrainingRun } from "../../src/store/training-runs.ts";
import { tempStore } from "../store/fixtures.ts";

const feeds: Feed[] = [];
afterEach(() => {
  for (const feed of feeds.splice(0)) feed.stop();
});

function setup() {
  const { store } = tempStore();
  const feed = createFeed({ source: createDbEventSource(store) });
  feeds.push(feed);
  const app = createApp(
    {
      version: "test",
      startedAt: Date.now(),
      model: { spec: "test", reachable: async () => true },
      security: { host: "127.0.0.1", token: null },
      reads: createDbReads(store),
      sessions: { create: async () => ({ id: "x" }), owns: () => false, prompt: () => false, answer: () => false, cancel: () => false, close: async () => {} },
      feed,
      runs: { evalRuns: () => listEvalRuns(store, RUNS_LISTED), trainingRuns: () => listTrainingRuns(store, RUNS_LISTED) },
    },
    { defaultWorkspace: "/w", extraApi: runRoutes(store) },
  );
  const get = (path: string) => app.request(`http://127.0.0.1:8000${path}`);
  return { store, get };
}

describe("runs", () => {
  test("eval runs list and read back with their results; an unknown id is 404, an ambiguous prefix 409", async () => {
    const { store, get } = setup();
    const at = Date.now();
    createEvalRun(store, { id: "abc-1", suite: "baseline", suiteRef: "baseline", model: "test", config: '{"repeat":1}', startedAt: at });
    createEvalRun(store, { id: "abc-2", suite: "baseline", suiteRef: "baseline", model: "test", config: "{}", startedAt: at + 1 });
    addEvalResult(store, { runId: "abc-1", promptId: "tool-01", attempt: 1, category: "tool_calling", score: 1, result: '{"passed":true}' });
    updateEvalRun(store, "abc-1", { status: "done", score: 1, successRate: 1, durationMs: 1200, endedAt: at + 1200 });
    const list = (await (await get("/api/eval/runs")).json()) as { runs: { id: string; config: unknown }[] };
    expect(list.runs.map((run) => run.id)).toEqual(["abc-2", "abc-1"]);
    expect(list.runs[1]?.config).toEqual({ repeat: 1 });
    const one = (await (await get("/api/eval/runs/abc-1")).json()) as { run: { status: string; score: number }; results: { result: unknown }[] };
    expect(one.run).toMatchObject({ status: "done", score: 1 });
    expect(one.results[0]?.result).toEqual({ passed: true });
    expect((await get("/api/eval/runs/zzz")).status).toBe(404);
    expect((await get("/api/eval/runs/abc")).status).toBe(409);
  });

  test("training runs list without their record, read back with it (404 unknown, 409 ambiguous); the Runs page shows them", async () => {
    const { store, get } = setup();
    saveTrainingRun(store, {
      id: "run-7",
      kind: "train",
      outputDir: "/out",
      model: "qwen",
      dataDir: "/data",
      status: "done",
      startedAt: Date.now(),
      endedAt: Date.now(),
      iters: 100,
      lastIteration: 100,
      finalTrainLoss: 0.512,
      finalValLoss: 0.634,
      tokensPerSec: 123,
      peakMemGb: 5.4,
      record: '{"losses":[1,0.5]}',
    });
    const list = (await (await get("/api/train/runs")).json()) as { runs: Record<string, unknown>[] };
    expect(list.runs[0]).toMatchObject({ id: "run-7", finalValLoss: 0.634 });
    expect(list.runs[0]).not.toHaveProperty("record");
    const one = (await (await get("/api/train/runs/run-7")).json()) as { record: unknown };
    expect(one.record).toEqual({ losses: [1, 0.5] });
    expect((await get("/api/train/runs/nope")).status).toBe(404);
    const [first] = listTrainingRuns(store, 1);
    if (first) saveTrainingRun(store, { ...first, id: "run-8" });
    expect((await get("/api/train/runs/run-")).status).toBe(409);
    const page = await (await get("/runs")).text();
    expect(page).toContain("Training runs");
    expect(page).toContain("0.634");
    expect(page).toContain("No eval runs yet");
  });
});
