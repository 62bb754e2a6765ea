/**
 * The session runner in process, as the eval and HTTP front ends use it: a workspace whose
 * `requestPermission` is the permission UI, the turn's result and record, the events, and what
 * another process reads from the database while a question waits.
 */
import { describe, expect, test } from "bun:test";
import type { AgentEvent } from "../../src/agent/events.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { openSession, SessionBusyError } from "../../src/session/runner.ts";
import { getSession, readSessionEvents, type Store } from "../../src/store/index.ts";
import { createMemoryWorkspace } from "../../src/workspace/memory-workspace.ts";
import type { PermissionRequest } from "../../src/workspace/types.ts";
import { tempDir, tempStore } from "../store/fixtures.ts";

const WRITE_PROMPT = "write notes.md:\n```\n# Notes\n```";

function setup(answer: (request: PermissionRequest, store: Store) => string) {
  const { store } = tempStore();
  const workspace = createMemoryWorkspace({
    permission: (request) => ({ outcome: "selected", optionId: answer(request, store) }),
  });
  const events: AgentEvent[] = [];
  const updates: string[] = [];
  const open = (mode: "ask" | "auto" = "ask") =>
    openSession({
      source: "eval",
      workspace,
      env: { PUNIE_HOME: tempDir() },
      log: silentLogger,
      instructions: "local",
      modelSpec: "test",
      mode,
      store,
      onEvent: (event) => events.push(event),
      onUpdate: (update) => updates.push(update.sessionUpdate),
    });
  return { store, workspace, events, updates, open };
}

describe("openSession", () => {
  test("a prompt runs the loop with the gate; the turn's record, events and updates come back", async () => {
    const { workspace, events, updates, open, store } = setup(() => "allow_once");
    const session = await open();
    const outcome = await session.prompt(WRITE_PROMPT);
    expect(outcome.stopReason).toBe("end_turn");
    expect(workspace.files.get("/workspace/notes.md")).toBe("# Notes\n");
    expect(outcome.record.frontend).toBe("eval");
    expect(outcome.record.toolCalls.map((call) => [call.name, call.status])).toEqual([["write_file", "completed"]]);
    expect(outcome.record.permissions).toMatchObject([{ toolName: "write_file", outcome: "allowed_once", waitMs: expect.any(Number) }]);
    expect(events.map((event) => event.type)).toContain("tool_call");
    expect(updates).toEqual(expect.arrayContaining(["session_info_update", "tool_call", "tool_call_update", "agent_message_chunk", "usage_update"]));
    expect(session.history.map((message) => message.role)).toContain("tool");
    expect(getSession(store, session.id)).toMatchObject({ cwd: "/workspace", source: "eval", model: "test", status: "idle", pid: process.pid, title: "write notes.md:" });
    await session.close();
    expect(getSession(store, session.id)?.status).toBe("ended");
  });

  test("while a person is asked, another reader sees status `waiting` and the question with its request id", async () => {
    let seen: { status: string | null | undefined; question: unknown; requestId: string | undefined } | null = null;
    const { open } = setup((request, store) => {
      const rows = readSessionEvents(store, sessionId);
      seen = { status: getSession(store, sessionId)?.status, question: rows.filter((row) => row.kind === "permission").at(-1)?.payload, requestId: request.requestId };
      return "reject_once";
    });
    const session = await open();
    const sessionId = session.id;
    await session.prompt(WRITE_PROMPT);
    expect(seen).not.toBeNull();
    const { status, question, requestId } = seen as unknown as { status: string; question: Record<string, unknown>; requestId: string };
    expect(status).toBe("waiting");
    expect(question).toMatchObject({
      requestId,
      toolCallId: expect.any(String),
      title: "Write notes.md",
      content: [{ type: "diff", path: "/workspace/notes.md", oldText: null, newText: "# Notes\n" }],
    });
    expect((question.options as { optionId: string }[]).map((option) => option.optionId)).toEqual(["allow_once", "allow_always_session", "allow_always_project", "reject_once"]);
    // The answer is a row too, and the status goes back to running, then idle.
    const rows = readSessionEvents(session.store as Store, session.id);
    expect(rows.filter((row) => row.kind === "permission").at(-1)?.payload).toEqual({ requestId, outcome: { outcome: "selected", optionId: "reject_once" } });
    const statuses = rows.filter((row) => row.kind === "session").map((row) => (row.payload as { status?: string }).status).filter(Boolean);
    expect(statuses).toEqual(["idle", "running", "waiting", "running", "idle"]);
    await session.close();
  });

  test("one prompt at a time; mode and model changes are recorded", async () => {
    const { open, store } = setup(() => "allow_once");
    const session = await open("auto");
    const first = session.prompt(WRITE_PROMPT);
    await expect(session.prompt("again")).rejects.toBeInstanceOf(SessionBusyError);
    await first;
    session.setMode("read-only");
    expect(getSession(store, session.id)?.mode).toBe("read-only");
    expect(() => session.setModel("wat:")).toThrow();
    expect(session.modelSpec).toBe("test");
    await session.close();
  });

  test("a front end's own command is a turn: refused during a prompt, and refuses a prompt while it runs", async () => {
    const { open } = setup(() => "allow_once");
    const session = await open("auto");
    const first = session.prompt(WRITE_PROMPT);
    await expect(session.exclusive(async () => "ran")).rejects.toBeInstanceOf(SessionBusyError);
    await first;
    let finish = () => {};
    const command = session.exclusive(() => new Promise<string>((resolve) => (finish = () => resolve("ran"))));
    await expect(session.prompt("again")).rejects.toBeInstanceOf(SessionBusyError);
    finish();
    expect(await command).toBe("ran");
    expect((await session.prompt(WRITE_PROMPT)).stopReason).toBe("end_turn");
    await session.close();
  });
});
