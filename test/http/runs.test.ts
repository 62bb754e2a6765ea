/** Training runs over HTTP and on the Runs page, from the table punie train writes. */
import { afterEach, describe, expect, test } from "bun:test";
import { createApp } from "../../src/http/app.ts";
import { createDbEventSource, createDbReads } from "../../src/http/db-reads.ts";
import { createFeed, type Feed } from "../../src/http/feed.ts";
import { RUNS_LISTED, runRoutes } from "../../src/http/runs.ts";
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
      runs: { trainingRuns: () => listTrainingRuns(store, RUNS_LISTED) },
    },
    { defaultWorkspace: "/w", extraApi: runRoutes(store) },
  );
  const get = (path: string) => app.request(`http://127.0.0.1:8000${path}`);
  return { store, get };
}

describe("runs", () => {
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
  });
});
