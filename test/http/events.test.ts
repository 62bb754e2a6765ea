/** The live feed and /api/events: order, replay after Last-Event-ID, nothing missed or repeated; the file watcher. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { watchDatabase } from "../../src/http/db-watch.ts";
import { createApp } from "../../src/http/app.ts";
import { createFeed, type LiveEvent } from "../../src/http/feed.ts";
import { resumeId } from "../../src/http/sse.ts";
import { collectSse } from "../../src/testing/sse-client.ts";
import { memoryContext } from "./memory-context.ts";

const contexts: ReturnType<typeof memoryContext>[] = [];
afterEach(() => {
  for (const context of contexts.splice(0)) context.feed.stop();
});

function setup() {
  const context = memoryContext();
  contexts.push(context);
  return { context, app: createApp(context, { defaultWorkspace: "/tmp" }) };
}

const ids = (events: { id: string | null }[]) => events.map((event) => Number(event.id));

describe("resumeId", () => {
  test.each([
    ["12", undefined, 12],
    [undefined, "7", 7],
    ["12", "7", 12],
    ["x", "7", 7],
    [undefined, undefined, null],
    ["-1", undefined, null],
  ])("Last-Event-ID %p, after %p → %p", (last, after, expected) => {
    expect(resumeId(last, after)).toBe(expected);
  });
});

describe("the feed", () => {
  test("a subscriber with an id gets what it missed from the source, then live events, each once and in order", () => {
    const rows: LiveEvent[] = [];
    let changed = true;
    const feed = createFeed({
      source: { latestEventId: () => rows.at(-1)?.id ?? 0, eventsAfter: (after, limit) => rows.filter((row) => row.id > after).slice(0, limit), maybeChanged: () => changed },
      intervalMs: 1_000_000,
      pageSize: 2,
    });
    for (let id = 1; id <= 5; id++) rows.push({ id, kind: "update", data: { id } });
    const seen: number[] = [];
    const late: number[] = [];
    feed.subscribe(2, (events) => seen.push(...events.map((event) => event.id)));
    feed.subscribe(null, (events) => late.push(...events.map((event) => event.id)));
    expect(seen).toEqual([3, 4, 5]);
    rows.push({ id: 6, kind: "session", data: {} }, { id: 7, kind: "update", data: {} });
    feed.poll();
    changed = false;
    rows.push({ id: 8, kind: "update", data: {} });
    feed.poll();
    expect(seen).toEqual([3, 4, 5, 6, 7]);
    changed = true;
    feed.poll();
    expect(seen).toEqual([3, 4, 5, 6, 7, 8]);
    expect(late).toEqual([6, 7, 8]);
    // An id from another database (beyond the last here): everything here is new to it.
    const other: number[] = [];
    feed.subscribe(99, (events) => other.push(...events.map((event) => event.id)));
    expect(other).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    feed.stop();
  });
});

describe("GET /api/events", () => {
  test("streams events with their ids and kinds; reconnecting with Last-Event-ID misses nothing", async () => {
    const { context, app } = setup();
    context.push("session", { id: "a", status: "running" });
    const first = await app.request("http://127.0.0.1:8000/api/events?after=0");
    expect(first.headers.get("content-type")).toContain("text/event-stream");
    const pushLater = setTimeout(() => {
      context.push("update", { sessionId: "a", update: { sessionUpdate: "agent_message_chunk", content: { type: "text", text: "hi" } } });
      context.push("permission", { sessionId: "a", requestId: "r1", options: [] });
    }, 30);
    const before = await collectSse(first, (events) => events.length === 3);
    clearTimeout(pushLater);
    expect(ids(before)).toEqual([1, 2, 3]);
    expect(before.map((event) => event.event)).toEqual(["session", "update", "permission"]);
    expect(JSON.parse(before[1]?.data ?? "{}")).toMatchObject({ sessionId: "a", update: { sessionUpdate: "agent_message_chunk" } });

    // Disconnected: three more happen. The browser reconnects with the last id it saw.
    for (let index = 0; index < 3; index++) context.push("update", { sessionId: "a", n: index });
    const again = await app.request("http://127.0.0.1:8000/api/events", { headers: { "last-event-id": "3" } });
    setTimeout(() => context.push("session", { id: "a", status: "idle" }), 30);
    const after = await collectSse(again, (events) => events.length === 4);
    expect(ids(after)).toEqual([4, 5, 6, 7]);
    expect(context.feed.subscribers).toBeLessThanOrEqual(1);
  });

  test("without an id the stream starts now", async () => {
    const { context, app } = setup();
    context.push("session", { id: "old" });
    const response = await app.request("http://127.0.0.1:8000/api/events");
    setTimeout(() => context.push("session", { id: "new" }), 30);
    const events = await collectSse(response, (seen) => seen.length === 1);
    expect(JSON.parse(events[0]?.data ?? "{}")).toEqual({ id: "new" });
  });
});

describe("watchDatabase", () => {
  test("a write to the database's WAL file nudges at once; other files in the folder do not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "punie-watch-"));
    let nudges = 0;
    const watcher = watchDatabase(join(dir, "punie.db"), () => nudges++);
    try {
      writeFileSync(join(dir, "other.log"), "x");
      await Bun.sleep(100);
      expect(nudges).toBe(0);
      writeFileSync(join(dir, "punie.db-wal"), "x");
      for (let waited = 0; nudges === 0 && waited < 2000; waited += 20) await Bun.sleep(20);
      expect(nudges).toBeGreaterThan(0);
    } finally {
      watcher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
