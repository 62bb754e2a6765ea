/**
 * End to end over real stdio: the SDK's client side drives the built binary with the offline
 * `test` model. Reads, writes with permission (allowed and rejected), commands, malformed input.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type * as acp from "@agentclientprotocol/sdk";
import { join } from "node:path";
import { agentText, allowOnce, openSession, rejectOnce, toolCalls } from "../../src/testing/acp-client.ts";
import { type Sandbox, sandbox, startPunie } from "./harness.ts";

let box: Sandbox;
beforeEach(async () => {
  box = await sandbox();
});
afterEach(async () => {
  await box.cleanup();
});

describe("punie --model test over stdio", () => {
  test("initialize reports protocol 1, agent info and honest capabilities", async () => {
    const punie = await startPunie(box, ["--model", "test"]);
    try {
      const { initialize } = await openSession(punie, box.project);
      expect(initialize.protocolVersion).toBe(1);
      expect(initialize.agentInfo?.name).toBe("punie");
      expect(initialize.agentCapabilities?.promptCapabilities?.embeddedContext).toBe(true);
    } finally {
      await punie.close();
    }
  });

  test("reads a file and runs a command through the IDE, then answers", async () => {
    const punie = await startPunie(box, ["--model", "test"]);
    try {
      const { sessionId } = await openSession(punie, box.project);
      const response = await punie.agent.request("session/prompt", {
        sessionId,
        prompt: [{ type: "text", text: "Read calculator.py then run `echo hello-from-shell`" }],
      });
      expect(response.stopReason).toBe("end_turn");
      const calls = toolCalls(punie.updates);
      expect(calls.map((c) => [c.kind, c.status])).toEqual([
        ["read", "completed"],
        ["execute", "completed"],
      ]);
      expect(calls[0]?.title).toContain("calculator.py");
      expect(calls[0]?.locations?.[0]?.path).toBe(join(box.project, "calculator.py"));
      expect(punie.clientCalls.map((c) => c.method)).toContain("fs/read_text_file");
      expect(punie.clientCalls.map((c) => c.method)).toContain("terminal/create");
      // On the wire the IDE learns of the read (announced, then running) before it is asked for the file.
      const wire = punie.wire.fromAgent as Array<{ method?: string; params?: { update?: { sessionUpdate?: string; toolCallId?: string; status?: string } } }>;
      const readAt = (sessionUpdate: string, status?: string) =>
        wire.findIndex((m) => m.params?.update?.toolCallId === calls[0]?.toolCallId && m.params?.update?.sessionUpdate === sessionUpdate && (status === undefined || m.params.update.status === status));
      const requestAt = wire.findIndex((m) => m.method === "fs/read_text_file");
      expect(readAt("tool_call")).toBeGreaterThanOrEqual(0);
      expect(readAt("tool_call")).toBeLessThan(readAt("tool_call_update", "in_progress"));
      expect(readAt("tool_call_update", "in_progress")).toBeLessThan(requestAt);
      expect(calls[1]?.content?.some((c) => c.type === "terminal")).toBe(true);
      const text = agentText(punie.updates);
      expect(text).toContain("offline test model");
      expect(text).toContain("hello-from-shell");
      expect(punie.permissionRequests).toHaveLength(1); // the command, not the read
    } finally {
      await punie.close();
    }
  });

  test("a write asks permission and shows a diff; allowed, the file changes", async () => {
    let announcedBeforePrompt = false;
    const punie = await startPunie(box, ["--model", "test"], {
      permission: (request) => {
        // The IDE must already know the tool call a permission prompt is about.
        announcedBeforePrompt = punie.updates.some((n) => n.update.sessionUpdate === "tool_call" && n.update.toolCallId === request.toolCall.toolCallId);
        return allowOnce(request);
      },
    });
    try {
      const { sessionId } = await openSession(punie, box.project);
      await punie.agent.request("session/prompt", {
        sessionId,
        prompt: [{ type: "text", text: "write notes.md:\n```\n# Notes\n```" }],
      });
      expect(punie.permissionRequests).toHaveLength(1);
      const options = punie.permissionRequests[0]?.options ?? [];
      expect(options.map((o) => o.kind)).toEqual(["allow_once", "allow_always", "allow_always", "reject_once"]);
      expect(options[1]?.name).toContain("this session");
      expect(options[2]?.name).toContain("this project");
      const [write] = toolCalls(punie.updates);
      expect(write?.status).toBe("completed");
      expect(write?.content).toContainEqual({ type: "diff", path: join(box.project, "notes.md"), oldText: null, newText: "# Notes\n" });
      expect(await Bun.file(join(box.project, "notes.md")).text()).toBe("# Notes\n");
      expect(announcedBeforePrompt).toBe(true);
    } finally {
      await punie.close();
    }
  });

  test("a write's diff arrives while the call is still pending, before the question; in_progress only after the answer", async () => {
    let seenAtQuestion: acp.SessionUpdate[] = [];
    const punie = await startPunie(box, ["--model", "test"], {
      permission: (request) => {
        seenAtQuestion = punie.updates.map((n) => n.update).filter((u) => "toolCallId" in u && u.toolCallId === request.toolCall.toolCallId);
        return allowOnce(request);
      },
    });
    try {
      const { sessionId } = await openSession(punie, box.project);
      await punie.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "write notes.md:\n```\n# Notes\n```" }] });
      const diff = { type: "diff" as const, path: join(box.project, "notes.md"), oldText: null, newText: "# Notes\n" };
      // At the question the IDE has the call, pending, with the diff as its content — and nothing started.
      expect(seenAtQuestion.map((u) => [u.sessionUpdate, "status" in u ? u.status : undefined])).toEqual([
        ["tool_call", "pending"],
        ["tool_call_update", "pending"],
      ]);
      expect(seenAtQuestion[1]).toMatchObject({ content: [diff] });
      // The question itself carries the diff too.
      expect(punie.permissionRequests[0]?.toolCall.content).toEqual([diff]);
      const after = punie.updates.map((n) => n.update).filter((u) => "toolCallId" in u && u.toolCallId === punie.permissionRequests[0]?.toolCall.toolCallId);
      expect(after.slice(2).map((u) => ("status" in u ? u.status : undefined))).toEqual(["in_progress", "completed"]);
    } finally {
      await punie.close();
    }
  });

  test("a rejected write leaves the file alone, tells the model, and the turn ends normally", async () => {
    const punie = await startPunie(box, ["--model", "test"], { permission: rejectOnce });
    try {
      const { sessionId } = await openSession(punie, box.project);
      const response = await punie.agent.request("session/prompt", {
        sessionId,
        prompt: [{ type: "text", text: "write calculator.py:\n```\nbroken\n```" }],
      });
      expect(response.stopReason).toBe("end_turn");
      expect(toolCalls(punie.updates)[0]?.status).toBe("failed");
      expect(await Bun.file(join(box.project, "calculator.py")).text()).toContain("def add");
      expect(agentText(punie.updates).toLowerCase()).toContain("refused");
    } finally {
      await punie.close();
    }
  });

  test("without fs and terminal capabilities, files and commands run locally, still under permission", async () => {
    const punie = await startPunie(box, ["--model", "test"]);
    try {
      const { sessionId } = await openSession(punie, box.project, {});
      await punie.agent.request("session/prompt", {
        sessionId,
        prompt: [{ type: "text", text: "Read README.md then run `echo local-run`" }],
      });
      expect(punie.clientCalls.map((c) => c.method)).toEqual(["session/request_permission"]);
      expect(toolCalls(punie.updates).map((c) => c.status)).toEqual(["completed", "completed"]);
      expect(agentText(punie.updates)).toContain("local-run");
    } finally {
      await punie.close();
    }
  });

  test("an unknown session is a JSON-RPC error, and the agent stays up", async () => {
    const punie = await startPunie(box, ["--model", "test"]);
    try {
      await openSession(punie, box.project);
      const failure = await punie.agent.request("session/prompt", { sessionId: "nope", prompt: [{ type: "text", text: "hi" }] }).catch((e) => e);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as { code: number }).code).toBe(-32002);
      const again = await punie.agent.request("session/new", { cwd: box.project, mcpServers: [] });
      expect(again.sessionId).toBeString();
    } finally {
      await punie.close();
    }
  });

  test("a malformed line gets a parse error; the agent stays up and stdout stays JSON-RPC", async () => {
    const punie = await startPunie(box, ["--model", "test"]);
    try {
      await openSession(punie, box.project);
      punie.writeRaw("{this is not json\n");
      const again = await punie.agent.request("session/new", { cwd: box.project, mcpServers: [] });
      expect(again.sessionId).toBeString();
    } finally {
      await punie.close();
    }
  });
});
