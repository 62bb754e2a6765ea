import { describe, expect, test } from "bun:test";
import type { AgentEvent } from "../../src/agent/events.ts";
import { runTurn, type TurnOptions } from "../../src/agent/loop.ts";
import { ModelRejectedImagesError, ModelServerError } from "../../src/errors.ts";
import { allowAllGate } from "../../src/permissions/gate.ts";
import { askingGate } from "../helpers/gates.ts";
import { callTool, createScriptedModel, say, type ScriptedModelReply } from "../../src/testing/scripted-model.ts";
import { CORE_TOOLS } from "../../src/tools/index.ts";
import { createMemoryWorkspace, type MemoryWorkspace } from "../../src/workspace/memory-workspace.ts";

function setup(replies: ScriptedModelReply[], workspace: MemoryWorkspace = createMemoryWorkspace({ files: { "app.py": "print('hi')\n" } })) {
  const model = createScriptedModel(replies);
  const events: AgentEvent[] = [];
  const controller = new AbortController();
  const options: TurnOptions = {
    model,
    tools: CORE_TOOLS,
    instructions: "system",
    history: [],
    prompt: "do it",
    workspace,
    permissions: allowAllGate,
    signal: controller.signal,
    onEvent: (event) => events.push(event),
  };
  return { model, events, options, controller, workspace };
}

const toolResults = (events: AgentEvent[]) =>
  events.filter((e): e is Extract<AgentEvent, { type: "tool_call_update" }> => e.type === "tool_call_update" && (e.status === "completed" || e.status === "failed"));

describe("agent loop", () => {
  test("runs a tool and feeds its result back until the model answers", async () => {
    const { options, model, events } = setup([callTool("read_file", { path: "app.py" }, "c1"), say("It prints hi.")]);
    const result = await runTurn(options);
    expect(result.stopReason).toBe("end_turn");
    const second = model.requests[1]!.messages;
    expect(second.at(-1)).toEqual({ role: "tool", tool_call_id: "c1", content: "print('hi')\n" });
    expect(events.filter((e) => e.type === "text").map((e) => (e as { text: string }).text).join("")).toBe("It prints hi.");
    expect(result.messages.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant"]);
  });

  test("invalid arguments go back to the model as a tool result, and the turn goes on", async () => {
    const { options, model } = setup([callTool("read_file", { file: "app.py" }, "c1"), say("sorry")]);
    const result = await runTurn(options);
    expect(result.stopReason).toBe("end_turn");
    const fed = model.requests[1]!.messages.at(-1);
    expect(fed?.role).toBe("tool");
    expect((fed as { content: string }).content).toContain("Invalid arguments for read_file");
    expect((fed as { content: string }).content).toContain("path");
  });

  test("broken JSON arguments are reported, unknown tools list the real ones", async () => {
    const { options, model } = setup([callTool("read_file", "{path:", "c1"), callTool("delete_everything", {}, "c2"), say("ok")]);
    await runTurn(options);
    expect((model.requests[1]!.messages.at(-1) as { content: string }).content).toContain("not valid JSON");
    const unknown = (model.requests[2]!.messages.at(-1) as { content: string }).content;
    expect(unknown).toContain('Unknown tool "delete_everything"');
    expect(unknown).toContain("read_file");
  });

  test("a tool that fails 3 times is withdrawn from the toolset", async () => {
    const bad = (id: string) => callTool("read_file", { path: "missing.py" }, id);
    const { options, model } = setup([bad("a"), bad("b"), bad("c"), say("giving up")]);
    await runTurn(options);
    expect(model.requests[2]!.tools.map((t) => t.name)).toContain("read_file");
    expect(model.requests[3]!.tools.map((t) => t.name)).not.toContain("read_file");
    expect((model.requests[3]!.messages.at(-1) as { content: string }).content).toContain("withdrawn");
  });

  test("stops with max_turn_requests at the request limit", async () => {
    const { options } = setup(Array.from({ length: 5 }, (_, i) => callTool("read_file", { path: "app.py" }, `c${i}`)));
    const result = await runTurn({ ...options, limits: { maxRequests: 3 } });
    expect(result.stopReason).toBe("max_turn_requests");
  });

  test("a length finish stops with max_tokens", async () => {
    const { options } = setup([[{ type: "text", text: "partial" }, { type: "finish", reason: "length" }]]);
    expect((await runTurn(options)).stopReason).toBe("max_tokens");
  });

  test("an empty answer is asked for again, twice at most", async () => {
    const { options, model } = setup([say(""), say(""), say("")]);
    const result = await runTurn(options);
    expect(result.stopReason).toBe("end_turn");
    expect(model.requests.length).toBe(3);
    expect((model.requests[1]!.messages.at(-1) as { content: string }).content).toContain("empty");
  });

  test("a broken answer is sent back for repair", async () => {
    const { options, model } = setup([say("```python\ndef f(:\n```"), say("```python\ndef f(): pass\n```")]);
    const result = await runTurn({ ...options, checkAnswer: async (text) => (text.includes("def f(:") ? "fix the syntax" : null) });
    expect(result.stopReason).toBe("end_turn");
    expect((model.requests[1]!.messages.at(-1) as { content: string }).content).toBe("fix the syntax");
  });

  test("a model server fault becomes one error event and ends the turn", async () => {
    const { options, events } = setup([
      async () => {
        throw new ModelServerError("http://localhost:1234/v1", "Could not reach the model server at http://localhost:1234/v1.");
      },
    ]);
    const result = await runTurn(options);
    expect(result.stopReason).toBe("end_turn");
    expect(result.error).toContain("localhost:1234");
    expect(events.filter((e) => e.type === "error")).toHaveLength(1);
  });

  test("a rejected edit tells the model and the turn goes on", async () => {
    const workspace = createMemoryWorkspace({ permission: () => ({ outcome: "selected", optionId: "reject_once" }) });
    const { options, model } = setup([callTool("write_file", { path: "x.py", content: "1" }, "w"), say("ok, not writing")], workspace);
    const result = await runTurn({ ...options, permissions: askingGate(workspace) });
    expect(result.stopReason).toBe("end_turn");
    expect(workspace.files.has("/workspace/x.py")).toBe(false);
    expect((model.requests[1]!.messages.at(-1) as { content: string }).content).toContain("rejected");
  });

  test("write_file reports a diff with null oldText for a new file", async () => {
    const { options, events, workspace } = setup([callTool("write_file", { path: "new.py", content: "x = 1\n" }, "w"), say("done")]);
    await runTurn(options);
    const done = toolResults(events).find((e) => e.toolCallId === "w");
    expect(done?.status).toBe("completed");
    expect(done?.content).toEqual([{ type: "diff", path: "/workspace/new.py", oldText: null, newText: "x = 1\n" }]);
    expect(workspace.files.get("/workspace/new.py")).toBe("x = 1\n");
  });

  test("tool calls get the ids the caller hands out; the model reads its own ids back", async () => {
    let next = 0;
    const { options, model, events } = setup([callTool("read_file", { path: "app.py" }, "call_0"), callTool("read_file", { path: "app.py" }, "call_0"), say("done")]);
    await runTurn({ ...options, newToolCallId: () => `tool-${++next}` });
    expect(events.flatMap((e) => (e.type === "tool_call" ? [e.toolCallId] : []))).toEqual(["tool-1", "tool-2"]);
    expect(model.requests[2]!.messages.filter((m) => m.role === "tool").map((m) => (m as { tool_call_id: string }).tool_call_id)).toEqual(["call_0", "call_0"]);
  });

  test("a model that refuses images: one notice, the same request again without them, placeholders in the history", async () => {
    const image = { mimeType: "image/png", data: "QUJD".repeat(100) };
    const { options, model, events } = setup([
      () => {
        throw new ModelRejectedImagesError("http://x/v1", "The model vision-less at http://x/v1 does not accept images (HTTP 400: no images).");
      },
      say("described without it"),
    ]);
    const result = await runTurn({ ...options, images: [image] });
    expect(result.stopReason).toBe("end_turn");
    expect(model.requests[0]!.messages.at(-1)).toMatchObject({ role: "user", images: [image] });
    const retried = model.requests[1]!.messages.at(-1) as { content: string; images?: unknown };
    expect(retried.images).toBeUndefined();
    expect(retried.content).toContain("cannot read images");
    const notices = events.flatMap((e) => (e.type === "text" && e.text.includes("does not accept images") ? [e.text] : []));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("vision-less");
    expect(events.some((e) => e.type === "error")).toBe(false);
    expect(JSON.stringify(result.messages)).not.toContain(image.data);
  });

  test("images that reach the model are a placeholder in the turn's messages", async () => {
    const image = { mimeType: "image/jpeg", data: "QUJD".repeat(1000) };
    const { options, model } = setup([say("a cat")]);
    const result = await runTurn({ ...options, images: [image] });
    expect(model.requests[0]!.messages.at(-1)).toMatchObject({ images: [image] });
    expect(result.messages[0]).toEqual({ role: "user", content: "do it\n[An image (image/jpeg, 2.9 KB) was attached here.]" });
  });

  test("cancellation before the next request stops with cancelled", async () => {
    const { options, controller } = setup([
      async () => {
        controller.abort();
        return callTool("read_file", { path: "app.py" });
      },
      say("never"),
    ]);
    expect((await runTurn(options)).stopReason).toBe("cancelled");
  });
});
