import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { listSessions, loadHistory, openStore } from "../../src/store/index.ts";
import { recordingLog, tempDir } from "./fixtures.ts";

const STORE = join(import.meta.dir, "../../src/store/index.ts");
const RECORDER = join(import.meta.dir, "../../src/session/turn-recorder.ts");
const WRITERS = 4;
const TURNS = 30;

// Each writer opens the (not yet existing) database, says "ready", waits for "go" on stdin so all
// of them write at once, then records turns in its own session and in one shared session.
const writer = (id: number, path: string) => `
  import { openStore, recordTurn } from ${JSON.stringify(STORE)};
  import { createTurnRecorder } from ${JSON.stringify(RECORDER)};
  const store = openStore({ path: ${JSON.stringify(path)}, log: { warn: (m) => { console.error(m); process.exit(2); } } });
  console.log("ready");
  for await (const _ of console) break;
  const turn = (session, i) => {
    const prompt = "w${id} turn " + i + " in " + session;
    const recorder = createTurnRecorder({ prompt, instructions: "", tools: [], model: "m", backend: "local", frontend: "ask" });
    const messages = [{ role: "user", content: prompt }, { role: "assistant", content: "answer to " + prompt }];
    return recorder.finish({ stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1 }, messages });
  };
  for (let i = 0; i < ${TURNS}; i++) {
    if (recordTurn(store, "own-${id}", turn("own-${id}", i)) === null) process.exit(3);
    if (recordTurn(store, "shared", turn("shared", i)) === null) process.exit(3);
  }
  store.close();
`;

/** Starts a writer process per id, lets them all go at once, and expects each to end cleanly. */
async function runAtOnce(source: (id: number) => string): Promise<void> {
  const processes = Array.from({ length: WRITERS }, (_, id) =>
    Bun.spawn([process.execPath, "-e", source(id)], { stdin: "pipe", stdout: "pipe", stderr: "pipe" }),
  );
  for (const child of processes) {
    const { value } = await child.stdout.getReader().read();
    expect(new TextDecoder().decode(value)).toContain("ready");
  }
  for (const child of processes) {
    child.stdin.write("go\n");
    await child.stdin.end();
  }
  const codes = await Promise.all(processes.map((child) => child.exited));
  const errors = await Promise.all(processes.map((child) => new Response(child.stderr).text()));
  expect({ codes, errors }).toEqual({ codes: Array(WRITERS).fill(0), errors: Array(WRITERS).fill("") });
}

describe("several punie processes writing at once", () => {
  test("every turn is stored whole, numbered without gaps, and none mixed", async () => {
    const path = join(tempDir(), "punie.db");
    await runAtOnce((id) => writer(id, path));

    const log = recordingLog();
    const store = openStore({ path, log });
    if (!store) throw new Error(log.warnings.join("; "));
    expect(listSessions(store, { limit: 100 }).sessions).toHaveLength(WRITERS + 1);
    for (let id = 0; id < WRITERS; id++) {
      const prompts = loadHistory(store, `own-${id}`).filter((m) => m.role === "user").map((m) => m.content);
      expect(prompts).toEqual(Array.from({ length: TURNS }, (_, i) => `w${id} turn ${i} in own-${id}`));
    }
    const shared = loadHistory(store, "shared");
    expect(shared).toHaveLength(WRITERS * TURNS * 2);
    // Each user message is followed by its own answer: no turn's messages interleave with another's.
    for (let i = 0; i < shared.length; i += 2) expect(shared[i + 1]?.content).toBe(`answer to ${shared[i]?.content}`);
    // Each writer's turns keep their order within the shared session.
    for (let id = 0; id < WRITERS; id++) {
      const mine = shared.filter((m) => m.role === "user" && m.content.startsWith(`w${id} `)).map((m) => m.content);
      expect(mine).toEqual(Array.from({ length: TURNS }, (_, i) => `w${id} turn ${i} in shared`));
    }
    const indexes = store.use("read", [], (db) => db.query("SELECT idx FROM turns WHERE session_id = 'shared' ORDER BY idx").all() as { idx: number }[]);
    expect(indexes.map((row) => row.idx)).toEqual(Array.from({ length: WRITERS * TURNS }, (_, i) => i));
    store.close();
  });
});

// Live event rows from several processes at once (one per IDE window, the HTTP server reading).
const eventWriter = (id: number, path: string) => `
  import { openStore, claimSession, appendSessionEvents } from ${JSON.stringify(STORE)};
  const store = openStore({ path: ${JSON.stringify(path)}, log: { warn: (m) => { console.error(m); process.exit(2); } } });
  claimSession(store, { id: "live-${id}", cwd: "/p", source: "acp", model: "m", mode: null, title: null, pid: process.pid, status: "running" });
  console.log("ready");
  for await (const _ of console) break;
  for (let i = 0; i < ${TURNS}; i++) {
    const batch = [0, 1, 2].map((j) => ({ kind: "update", payload: { writer: ${id}, n: i * 3 + j }, at: Date.now() }));
    if (appendSessionEvents(store, "live-${id}", batch) === null) process.exit(3);
  }
  store.close();
`;

describe("live session events from several processes", () => {
  test("every row is kept, in each writer's order, under one increasing id sequence", async () => {
    const path = join(tempDir(), "punie.db");
    // The schema exists before the writers start, as it does once any punie has run.
    openStore({ path })?.close();
    await runAtOnce((id) => eventWriter(id, path));
    const store = openStore({ path });
    if (!store) throw new Error("no store");
    const rows = store.use("read", [], (db) => db.query("SELECT id, session_id, payload FROM session_events ORDER BY id").all() as { id: number; session_id: string; payload: string }[]);
    expect(rows).toHaveLength(WRITERS * TURNS * 3);
    for (let id = 0; id < WRITERS; id++) {
      const mine = rows.filter((row) => row.session_id === `live-${id}`).map((row) => (JSON.parse(row.payload) as { n: number }).n);
      expect(mine).toEqual(Array.from({ length: TURNS * 3 }, (_, n) => n));
    }
    store.close();
  });
});
