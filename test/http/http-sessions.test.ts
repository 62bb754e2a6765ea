/**
 * Sessions run by the server through the JSON API (app.request), on the offline test model: bad
 * input is a 400 naming it, a prompt runs in the background and is refused while busy, a
 * permission question waits for its answer, and the session's history reads back.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "../../src/http/app.ts";
import { createDbEventSource, createDbReads } from "../../src/http/db-reads.ts";
import { createFeed } from "../../src/http/feed.ts";
import { createHttpSessions } from "../../src/http/http-sessions.ts";
import type { ServeContext } from "../../src/http/ports.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { tempStore } from "../store/fixtures.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup() {
  const { store } = tempStore();
  const project = mkdtempSync(join(tmpdir(), "punie-http-"));
  const home = mkdtempSync(join(tmpdir(), "punie-http-home-"));
  const sessions = createHttpSessions({ env: { PUNIE_HOME: home }, modelSpec: "test", store, log: silentLogger });
  const feed = createFeed({ source: createDbEventSource(store) });
  const context: ServeContext = {
    version: "test",
    startedAt: Date.now(),
    model: { spec: "test", reachable: async () => true },
    security: { host: "127.0.0.1", token: null },
    reads: createDbReads(store, { pendingOf: (id) => sessions.pending(id) }),
    sessions,
    feed,
    runs: { evalRuns: () => [], trainingRuns: () => [] },
  };
  cleanups.push(() => rmSync(project, { recursive: true, force: true }), () => rmSync(home, { recursive: true, force: true }), () => feed.stop(), () => sessions.close());
  const app = createApp(context, { defaultWorkspace: project });
  const post = (path: string, body: unknown) => app.request(`http://127.0.0.1:8000${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
  const get = async (path: string) => (await app.request(`http://127.0.0.1:8000${path}`)).json() as Promise<Record<string, unknown>>;
  return { project, post, get, sessions };
}

const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

async function until<T>(read: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await read();
    if (value) return value;
    await Bun.sleep(25);
  }
  throw new Error("timed out");
}

describe("sessions run by the server", () => {
  test("a workspace that is relative, missing or a file, an unknown mode or model: 400 naming it", async () => {
    const { project, post } = setup();
    const relative = await post("/api/sessions", { workspace: "project" });
    expect(relative.status).toBe(400);
    expect(await errorOf(relative)).toContain("absolute");
    expect(await errorOf(await post("/api/sessions", { workspace: join(project, "missing") }))).toContain("not a folder");
    await Bun.write(join(project, "file.txt"), "x");
    expect(await errorOf(await post("/api/sessions", { workspace: join(project, "file.txt") }))).toContain("not a folder");
    const mode = await post("/api/sessions", { workspace: project, mode: "yolo" });
    expect(mode.status).toBe(400);
    expect(await errorOf(mode)).toContain("yolo");
    const model = await post("/api/sessions", { workspace: project, model: "nonsense:thing" });
    expect(model.status).toBe(400);
  });

  test("a prompt runs in the background (202), a second one while it runs is 409, a question waits for its answer", async () => {
    const { project, post, get } = setup();
    const created = await post("/api/sessions", { workspace: project });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await post(`/api/sessions/${id}/prompt`, { text: "" })).status).toBe(400);
    const accepted = await post(`/api/sessions/${id}/prompt`, { text: "Create notes.md with ```\nhello\n```" });
    expect(accepted.status).toBe(202);
    expect((await post(`/api/sessions/${id}/prompt`, { text: "again" })).status).toBe(409);
    const detail = await until(async () => {
      const read = await get(`/api/sessions/${id}`);
      return (read.pending_permissions as unknown[]).length > 0 ? read : null;
    });
    expect(detail.session).toMatchObject({ id, status: "waiting", source: "http" });
    const [question] = detail.pending_permissions as { requestId: string; options: { optionId: string; kind: string }[] }[];
    const allow = question?.options.find((option) => option.kind === "allow_once")?.optionId ?? "";
    expect((await post(`/api/sessions/${id}/permissions/${question?.requestId}`, { optionId: "nope" })).status).toBe(404);
    expect((await post(`/api/sessions/${id}/permissions/${question?.requestId}`, { optionId: allow })).status).toBe(200);
    const done = await until(async () => {
      const read = await get(`/api/sessions/${id}`);
      return (read.session as { status: string }).status === "idle" ? read : null;
    });
    expect(await Bun.file(join(project, "notes.md")).text()).toContain("hello");
    const history = done.history as { type: string; status?: string }[];
    expect(history[0]).toMatchObject({ type: "user" });
    expect(history.some((entry) => entry.type === "tool_call" && entry.status === "completed")).toBe(true);
  });
});
