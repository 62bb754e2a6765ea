/** The train tables: servers by id prefix or port, stopped ones kept 7 days; runs upserted by id. */
import { afterEach, expect, test } from "bun:test";
import { join } from "node:path";
import { addMlxServer, findMlxServer, listMlxServers, markMlxServerStopped, pruneMlxServers } from "../../src/store/mlx-servers.ts";
import { openStore, type Store } from "../../src/store/open.ts";
import { findTrainingRuns, listTrainingRuns, saveTrainingRun, type TrainingRunRow } from "../../src/store/training-runs.ts";
import { tempDir } from "../helpers/temp.ts";

let store: Store | null = null;
afterEach(() => store?.close());

function open(): Store {
  store = openStore({ path: join(tempDir(), "punie.db"), log: { warn: (m) => { throw new Error(m); } } });
  if (!store) throw new Error("no store");
  return store;
}

const server = (id: string, port: number, startedAt: number) => ({
  id, pid: 100, host: "127.0.0.1", port, model: "m", adapter: null, servedModel: "m", logPath: `/l/${id}`, argv: ["py", "-m", "mlx_lm", "server"], startedAt, stoppedAt: null,
});

test("model servers: live first, by id prefix or port; stopped ones listed only when asked, pruned later", () => {
  const s = open();
  addMlxServer(s, server("abc123", 8080, 1));
  addMlxServer(s, server("abd456", 8081, 2));
  expect(findMlxServer(s, { id: "abc" }).map((r) => r.id)).toEqual(["abc123"]);
  expect(findMlxServer(s, { id: "ab" }).map((r) => r.id).sort()).toEqual(["abc123", "abd456"]);
  expect(findMlxServer(s, { port: 8081 })[0]?.argv).toEqual(["py", "-m", "mlx_lm", "server"]);
  markMlxServerStopped(s, "abc123", 1000);
  expect(listMlxServers(s).map((r) => r.id)).toEqual(["abd456"]);
  expect(listMlxServers(s, 500).map((r) => r.id)).toEqual(["abd456", "abc123"]);
  expect(pruneMlxServers(s, 2000)).toBe(1);
  expect(listMlxServers(s, 0).map((r) => r.id)).toEqual(["abd456"]);
});

test("training runs: saving again replaces; found by id prefix or output folder; NaN stored as null", () => {
  const s = open();
  const run: TrainingRunRow = {
    id: "a1b2c3d4", kind: "train", outputDir: "/out", model: "m", dataDir: "/d", status: "running", startedAt: 10, endedAt: null, iters: 100,
    lastIteration: 0, finalTrainLoss: null, finalValLoss: null, tokensPerSec: null, peakMemGb: null, record: "{}",
  };
  saveTrainingRun(s, run);
  saveTrainingRun(s, { ...run, status: "finished", lastIteration: 100, finalTrainLoss: Number.NaN, finalValLoss: 1.5, endedAt: 20 });
  expect(listTrainingRuns(s)).toEqual([{ ...run, status: "finished", lastIteration: 100, finalTrainLoss: null, finalValLoss: 1.5, endedAt: 20 }]);
  expect(findTrainingRuns(s, "a1b").map((r) => r.id)).toEqual(["a1b2c3d4"]);
  expect(findTrainingRuns(s, "/out").map((r) => r.id)).toEqual(["a1b2c3d4"]);
  expect(findTrainingRuns(s, "zz")).toEqual([]);
});
