/** The dashboard's pages over a real database: 500 sessions page 50 at a time; escaping; 404s. */
import { afterEach, describe, expect, test } from "bun:test";
import { createApp } from "../../src/http/app.ts";
import { createDbEventSource, createDbReads } from "../../src/http/db-reads.ts";
import { createFeed, type Feed } from "../../src/http/feed.ts";
import type { HttpSessions } from "../../src/http/ports.ts";
import { appendSessionEvents, claimSession, type Store } from "../../src/store/index.ts";
import { tempStore } from "../store/fixtures.ts";

const feeds: Feed[] = [];
afterEach(() => {
  for (const feed of feeds.splice(0)) feed.stop();
});

const NOT_OURS: HttpSessions = { create: async () => ({ id: "x" }), owns: () => false, prompt: () => false, answer: () => false, cancel: () => false, close: async () => {} };

function appOver(store: Store) {
  const feed = createFeed({ source: createDbEventSource(store) });
  feeds.push(feed);
  const context = {
    version: "test",
    startedAt: Date.now(),
    model: { spec: "test", reachable: async () => true },
    security: { host: "127.0.0.1", token: null },
    reads: createDbReads(store),
    sessions: NOT_OURS,
    feed,
    runs: { evalRuns: () => [], trainingRuns: () => [] },
  };
  return createApp(context, { defaultWorkspace: "/work" });
}

const rows = (html: string) => html.match(/<tr data-session-id="/g)?.length ?? 0;

describe("dashboard pages", () => {
  test("500 sessions: 50 rows a page, Older/Newest links, the fragment the script swaps in", async () => {
    const { store } = tempStore();
    const now = Date.now();
    store.use("seed", undefined, (db) =>
      db.transaction(() => {
        for (let index = 0; index < 500; index++) {
          claimSession(store, { id: `s${String(index).padStart(3, "0")}`, cwd: "/p", source: "ask", model: "test", mode: null, title: `Task ${index}`, pid: process.pid, status: "idle" }, now - index);
        }
      })(),
    );
    const app = appOver(store);
    const started = performance.now();
    const first = await (await app.request("http://127.0.0.1:8000/")).text();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(rows(first)).toBe(50);
    expect(first).toContain("Task 0<");
    const older = /href="(\/\?cursor=[^"]+)"/.exec(first)?.[1];
    expect(older).toBeDefined();
    const second = await (await app.request(`http://127.0.0.1:8000${older?.replaceAll("&amp;", "&")}`)).text();
    expect(rows(second)).toBe(50);
    expect(second).toContain("Task 50<");
    expect(second).toContain("Newest sessions");
    const fragment = await (await app.request("http://127.0.0.1:8000/fragments/sessions")).text();
    expect(fragment.startsWith('<div id="session-list">')).toBe(true);
    expect(rows(fragment)).toBe(50);
  });

  test("titles and transcript text are escaped; an unknown session is a 404 page", async () => {
    const { store } = tempStore();
    claimSession(store, { id: "x", cwd: "/p", source: "acp", model: "test", mode: null, title: "<script>alert(1)</script>", pid: process.pid, status: "running" });
    appendSessionEvents(store, "x", [{ kind: "update", payload: { sessionUpdate: "agent_message_chunk", content: { type: "text", text: "<img src=x onerror=alert(2)>" } }, at: Date.now() + 1 }]);
    const app = appOver(store);
    const list = await (await app.request("http://127.0.0.1:8000/")).text();
    expect(list).not.toContain("<script>alert(1)</script>");
    expect(list).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const page = await app.request("http://127.0.0.1:8000/sessions/x");
    const html = await page.text();
    expect(html).toContain("&lt;img src=x onerror=alert(2)&gt;");
    expect(html).not.toContain("<img src=x");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect((await app.request("http://127.0.0.1:8000/sessions/nope")).status).toBe(404);
  });
});
