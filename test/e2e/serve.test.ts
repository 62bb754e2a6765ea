/**
 * `punie serve` and `punie db prune` from the built binary: the URL on stderr, /health, a port in
 * use, the network refusal without a token, sessions of another process ending when it dies, SSE
 * replay after Last-Event-ID against the real database, and pruning old sessions.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { openSession } from "../../src/testing/acp-client.ts";
import { type ScriptedServer, startScriptedServer } from "../../src/testing/scripted-server.ts";
import { collectSse } from "../../src/testing/sse-client.ts";
import { type Serve, startServe } from "../browser/harness.ts";
import { agentCommand, type Sandbox, sandbox, startPunie } from "./harness.ts";

let box: Sandbox;
let serve: Serve | null = null;
let model: ScriptedServer | null = null;
beforeEach(async () => {
  box = await sandbox();
});
afterEach(async () => {
  await serve?.stop();
  serve = null;
  await model?.stop();
  model = null;
  await box.cleanup();
});

async function run(args: string[]) {
  const proc = Bun.spawn([...(await agentCommand()), ...args], { cwd: box.project, env: { ...process.env, PUNIE_HOME: box.home, NO_COLOR: "1" }, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  return { stdout, stderr, code };
}

async function waitFor<T>(what: string, read: () => Promise<T | null | undefined | false>, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}

type Listed = { sessions: { id: string; status: string; source: string; pid: number | null; title: string | null }[] };
const listSessions = async (url: string) => (await (await fetch(`${url}api/sessions`)).json()) as Listed;

describe("punie serve", () => {
  test("prints its URL on stderr and answers /health", async () => {
    serve = await startServe(box, ["--model", "test"]);
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const health = (await (await fetch(`${serve.url}health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: "ok", model: { spec: "test", reachable: true } });
    expect(typeof health.version).toBe("string");
    expect(typeof health.uptime_s).toBe("number");
  });

  test("--stdio also runs the ACP agent on stdio; its sessions show on the same server", async () => {
    const dual = await startPunie(box, ["serve", "--stdio", "--port", "0", "--model", "test"]);
    try {
      const url = await waitFor("the URL on stderr", async () => /punie serve: (http:\/\/\S+\/)/.exec(dual.stderr())?.[1]);
      const { sessionId } = await openSession(dual, box.project);
      const listed = await waitFor("the stdio session listed", async () => (await listSessions(url)).sessions.find((session) => session.id === sessionId));
      expect(listed).toMatchObject({ source: "acp", pid: dual.process.pid, status: "idle" });
    } finally {
      expect(await dual.close()).toBe(0);
    }
  });

  test("a port in use is one line naming it, exit 1", async () => {
    const holder = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("busy") });
    try {
      const result = await run(["serve", "--port", String(holder.port)]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain(`Port ${holder.port}`);
      expect(result.stderr).toContain("in use");
    } finally {
      await holder.stop(true);
    }
  });

  test("a non-loopback host without --token is refused with a token suggestion; bad flags are one line", async () => {
    // Usage mistakes: exit 2, as every command's.
    const open = await run(["serve", "--host", "0.0.0.0"]);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain("--token");
    expect(open.stderr.trim().split("\n")).toHaveLength(1);
    const port = await run(["serve", "--port", "http"]);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain("--port");
  });

  test("another process's ACP session is listed live and ends when that process dies", async () => {
    model = await startScriptedServer({ script: [], models: ["coder"] });
    serve = await startServe(box, ["--model", "test"]);
    const ide = await startPunie(box, ["--model", `${model.url}/coder`]);
    const { sessionId } = await openSession(ide, box.project);
    const listed = await waitFor("the session listed", async () => (await listSessions((serve as Serve).url)).sessions.find((session) => session.id === sessionId));
    expect(listed).toMatchObject({ status: "idle", source: "acp", pid: ide.process.pid });
    const events = fetch(`${(serve as Serve).url}api/events`);
    ide.process.kill("SIGKILL");
    await ide.process.exited;
    const ended = await collectSse(await events, (seen) => seen.some((event) => event.event === "session" && JSON.parse(event.data).status === "ended"));
    expect(JSON.parse(ended.at(-1)?.data ?? "{}")).toMatchObject({ sessionId, status: "ended" });
    expect((await listSessions((serve as Serve).url)).sessions.find((session) => session.id === sessionId)?.status).toBe("ended");
    await ide.close();
  });

  test("Cancel through the API stops a turn running in another punie process", async () => {
    model = await startScriptedServer({ script: [{ text: "a long answer that would take many seconds to finish", chunks: 20, delays: { betweenChunksMs: 500 } }], models: ["coder"] });
    serve = await startServe(box, ["--model", "test"]);
    const url = (serve as Serve).url;
    const ide = await startPunie(box, ["--model", `${model.url}/coder`]);
    try {
      const { sessionId } = await openSession(ide, box.project);
      const answer = ide.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "go" }] });
      await waitFor("the turn running", async () => (await listSessions(url)).sessions.find((session) => session.id === sessionId && session.status === "running"));
      const started = Date.now();
      const cancel = await fetch(`${url}api/sessions/${sessionId}/cancel`, { method: "POST" });
      expect(cancel.status).toBe(202);
      expect((await answer).stopReason).toBe("cancelled");
      expect(Date.now() - started).toBeLessThan(3000);
      // Prompts go to the process that owns the session.
      const prompt = await fetch(`${url}api/sessions/${sessionId}/prompt`, { method: "POST", body: JSON.stringify({ text: "more" }), headers: { "content-type": "application/json" } });
      expect(prompt.status).toBe(409);
    } finally {
      await ide.close();
    }
  });

  test("reconnecting with Last-Event-ID misses nothing that another process wrote meanwhile", async () => {
    model = await startScriptedServer({ script: [{ text: "first answer" }, { text: "second answer, written while the client was away", chunks: 5 }], models: ["coder"] });
    serve = await startServe(box, ["--model", "test"]);
    const url = (serve as Serve).url;
    const ide = await startPunie(box, ["--model", `${model.url}/coder`]);
    try {
      const { sessionId } = await openSession(ide, box.project);
      const prompt = (text: string) => ide.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text }] });
      const first = await fetch(`${url}api/events?after=0`);
      const firstTurn = prompt("one");
      const seen = await collectSse(first, (events) => events.some((event) => event.event === "session" && JSON.parse(event.data).status === "idle" && events.some((e) => e.event === "update")));
      await firstTurn;
      const lastId = seen.at(-1)?.id ?? "0";
      // Away: a whole turn happens.
      await prompt("two");
      const everything = await collectAll(url, "0");
      const resumed = await collectAll(url, lastId, true);
      const ids = (events: { id: string | null }[]) => events.map((event) => Number(event.id));
      expect(resumed.length).toBeGreaterThan(0);
      expect([...ids(seen), ...ids(resumed)]).toEqual(ids(everything));
      expect(resumed.map((event) => event.data).join("")).toContain("second answer");
      // Ids only grow.
      expect(ids(everything)).toEqual(ids(everything).toSorted((a, b) => a - b));
    } finally {
      await ide.close();
    }
  });
});

/** Every event after `after` that exists now (the stream is read until it goes quiet). */
async function collectAll(url: string, after: string, asHeader = false) {
  const controller = new AbortController();
  const response = await fetch(asHeader ? `${url}api/events` : `${url}api/events?after=${after}`, { signal: controller.signal, headers: asHeader ? { "last-event-id": after } : {} });
  const events: { id: string | null; event: string; data: string }[] = [];
  let quiet = setTimeout(() => controller.abort(), 1000);
  try {
    const { sseEvents } = await import("../../src/testing/sse-client.ts");
    for await (const event of sseEvents(response)) {
      events.push(event);
      clearTimeout(quiet);
      quiet = setTimeout(() => controller.abort(), 500);
    }
  } catch {
    // Aborted once quiet.
  }
  clearTimeout(quiet);
  return events;
}

describe("punie db prune", () => {
  test("removes sessions older than the span with their history, keeps recent ones, reports what it freed", async () => {
    const { openStore, createSession, defaultStorePath } = await import("../../src/store/index.ts");
    const store = openStore({ path: defaultStorePath({ PUNIE_HOME: box.home }) });
    if (!store) throw new Error("no store");
    const old = createSession(store, { cwd: box.project, title: "old", at: Date.now() - 100 * 86_400_000 });
    const recent = createSession(store, { cwd: box.project, title: "recent" });
    store.close();
    const result = await run(["db", "prune", "--older-than", "90d"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Removed 1 session");
    expect(result.stdout).toContain("freed");
    const again = openStore({ path: defaultStorePath({ PUNIE_HOME: box.home }) });
    const { getSession } = await import("../../src/store/index.ts");
    expect(again && getSession(again, old.id)).toBeNull();
    expect(again && getSession(again, recent.id)?.title).toBe("recent");
    again?.close();
    const bad = await run(["db", "prune", "--older-than", "soon"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--older-than");
  });

  test("the files on disk shrink by what it reports freed (the write-ahead log included)", async () => {
    const { openStore, createSession, defaultStorePath } = await import("../../src/store/index.ts");
    const path = defaultStorePath({ PUNIE_HOME: box.home });
    const store = openStore({ path });
    if (!store) throw new Error("no store");
    const old = createSession(store, { cwd: box.project, title: "old", at: Date.now() - 100 * 86_400_000 });
    store.close();
    const { Database } = await import("bun:sqlite");
    const db = new Database(path);
    const insert = db.query("INSERT INTO session_events (session_id, kind, payload, created_at) VALUES (?, 'text', ?, ?)");
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(old.id, "x".repeat(1000), Date.now() - 100 * 86_400_000);
    })();
    db.close();
    const onDisk = () => [path, `${path}-wal`].reduce((sum, file) => sum + (Bun.file(file).size || 0), 0);
    const before = onDisk();
    const result = await run(["db", "prune", "--older-than", "90d", "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { sessions: number; events: number; bytesBefore: number; bytesAfter: number; bytesFreed: number };
    expect(report.sessions).toBe(1);
    expect(report.events).toBe(2000);
    expect(report.bytesBefore).toBe(before);
    expect(report.bytesFreed).toBeGreaterThan(1_500_000);
    expect(report.bytesAfter).toBe(onDisk());
    expect(onDisk()).toBeLessThan(before - 1_500_000);
  });
});
