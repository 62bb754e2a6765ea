/**
 * What the session runner records, read from the database by another connection as a second
 * process would: ask sessions with their real cwd and source, events written while the turn
 * runs (not only at its end), status, and a cancel requested through the database.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { realpathSync } from "node:fs";
import { defaultStorePath, getSession, listSessions, openStore, readSessionEvents, requestSessionCancel, type Store } from "../../src/store/index.ts";
import { type ScriptedReply, type ScriptedServer, startScriptedServer } from "../../src/testing/scripted-server.ts";
import { agentCommand, E2E_TIMEOUT_MS, type Sandbox, sandbox } from "./harness.ts";

let box: Sandbox;
let server: ScriptedServer | null = null;
let store: Store | null = null;
beforeEach(async () => {
  box = await sandbox();
});
afterEach(async () => {
  store?.close();
  store = null;
  await server?.stop();
  server = null;
  await box.cleanup();
});

async function startAsk(script: ScriptedReply[], prompt: string) {
  server = await startScriptedServer({ script, models: ["coder"] });
  return Bun.spawn([...(await agentCommand()), "ask", "--model", `${server.url}/coder`, prompt], {
    cwd: box.project,
    env: { ...process.env, PUNIE_HOME: box.home, PUNIE_MODEL_RETRIES: "0", NO_COLOR: "1" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
}

/** Another connection to the database the punie process writes. */
function database(): Store {
  store ??= openStore({ path: defaultStorePath({ PUNIE_HOME: box.home }), log: { warn: (message) => { throw new Error(message); } } });
  if (!store) throw new Error("no database");
  return store;
}

/** Polls until `probe` returns a value (the database is written by another process). */
async function until<T>(probe: () => T | null | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = (await Bun.file(defaultStorePath({ PUNIE_HOME: box.home })).exists()) ? probe() : null;
    if (value !== null && value !== undefined) return value;
    if (performance.now() > deadline) throw new Error("timed out waiting for the database");
    await Bun.sleep(50);
  }
}

const onlySession = () => listSessions(database(), { limit: 10 }).sessions[0];

describe("the session runner's recording", () => {
  test("punie ask stores its session with the real cwd, source, model, pid and final status", async () => {
    const proc = await startAsk([{ text: "Hello." }], "say hello");
    expect(await proc.exited).toBe(0);
    const session = onlySession();
    expect(session).toMatchObject({ cwd: realpathSync(box.project), source: "ask", model: expect.stringContaining("/coder"), pid: proc.pid, status: "ended" });
    // `dataset export --cwd` finds it: the cwd is a real one, not empty.
    expect(listSessions(database(), { cwd: realpathSync(box.project), limit: 10 }).sessions).toHaveLength(1);
    const events = readSessionEvents(database(), session?.id ?? "");
    const statuses = events.filter((e) => e.kind === "session").map((e) => (e.payload as { status?: string }).status).filter(Boolean);
    expect(statuses).toEqual(["idle", "running", "idle", "ended"]);
    const text = events
      .filter((e) => e.kind === "update" && (e.payload as { sessionUpdate: string }).sessionUpdate === "agent_message_chunk")
      .map((e) => (e.payload as { content: { text: string } }).content.text)
      .join("");
    expect(text).toBe("Hello.");
  }, E2E_TIMEOUT_MS);

  test("events are in the database while the turn runs, not only at its end", async () => {
    const proc = await startAsk([{ text: "one two three four five six seven eight", chunks: 8, delays: { betweenChunksMs: 400 } }], "count");
    const id = await until(() => onlySession()?.id);
    // A chunk row is readable from this connection while punie is still streaming the answer.
    const midTurn = await until(() => {
      const chunks = readSessionEvents(database(), id).filter((e) => e.kind === "update" && (e.payload as { sessionUpdate: string }).sessionUpdate === "agent_message_chunk");
      return chunks.length > 0 ? { chunks, status: getSession(database(), id)?.status, running: proc.exitCode === null } : null;
    });
    expect(midTurn.running).toBe(true);
    expect(midTurn.status).toBe("running");
    expect(await proc.exited).toBe(0);
    expect(getSession(database(), id)?.status).toBe("ended");
    // Ids grow with time: a reader resumes after the last id it saw.
    const all = readSessionEvents(database(), id);
    expect(readSessionEvents(database(), id, midTurn.chunks.at(-1)?.id).length).toBeLessThan(all.length);
  }, E2E_TIMEOUT_MS);

  test("a cancel requested through the database stops the running turn in the other process within about a second", async () => {
    const proc = await startAsk([{ text: "never sent in time", delays: { beforeFirstChunkMs: 30_000 } }], "think hard");
    const id = await until(() => (onlySession()?.status === "running" ? onlySession()?.id : null));
    const asked = performance.now();
    expect(requestSessionCancel(database(), id)).toBe(true);
    const code = await proc.exited;
    const tookMs = performance.now() - asked;
    expect(code).toBe(130);
    expect(tookMs).toBeLessThan(2500);
    const turn = database().use("read", null, (db) => db.query("SELECT stop_reason FROM turns WHERE session_id = $id").get({ id }) as { stop_reason: string } | null);
    expect(turn?.stop_reason).toBe("cancelled");
  }, E2E_TIMEOUT_MS);
});
