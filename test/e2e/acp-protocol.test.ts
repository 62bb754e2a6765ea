/**
 * Punie as a protocol citizen, seen by a strict client (JetBrains' Kotlin SDK deserializes strictly;
 * clients merge updates by toolCallId): ids unique in a session, no extension request to a client
 * that did not ask for it, no terminal ids the client cannot show, pending until permitted, honest
 * ends after a cancel, JSON-RPC errors with their ids, image prompts. Every message the agent wrote
 * is checked against the official ACP v1 schema.
 */
import { beforeEach, describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type * as acp from "@agentclientprotocol/sdk";
import { type AgentProcessOptions, agentText, allowOnce, FULL_CAPABILITIES, openSession, toolCalls } from "../../src/testing/acp-client.ts";
import { schemaViolations } from "../../src/testing/acp-schema.ts";
import { type ScriptedReply, type ScriptedRequest, type ScriptedServer, type ScriptedServerOptions, startScriptedServer } from "../../src/testing/scripted-server.ts";
import { E2E_TIMEOUT_MS, promptText as ask, sandboxEachTest, startPunie, until } from "./harness.ts";

/** The punie a test is talking to (a permission callback looks at what it sent so far). */
let live: Punie | null = null;
const t = sandboxEachTest();
beforeEach(() => {
  live = null;
});

const FAST = { PUNIE_MODEL_RETRIES: "0", PUNIE_FIRST_TOKEN_TIMEOUT_MS: "3000" };
type Punie = Awaited<ReturnType<typeof startPunie>>;
type Options = Omit<AgentProcessOptions, "command" | "env"> & { capabilities?: acp.ClientCapabilities };

async function serve(script: ScriptedServerOptions["script"]): Promise<ScriptedServer> {
  t.server = await startScriptedServer({ script, models: ["coder-7b", "coder-14b"] });
  return t.server;
}

/** A punie on the scripted coder-7b with one session open; all it wrote must fit the schema. */
async function withSession(run: (punie: Punie, sessionId: string) => Promise<void>, options: Options = {}): Promise<string> {
  const { capabilities = FULL_CAPABILITIES, ...rest } = options;
  const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], { env: FAST, ...rest });
  live = punie;
  try {
    const { sessionId } = await openSession(punie, t.box.project, capabilities);
    await run(punie, sessionId);
    expect(await schemaViolations(punie.wire)).toEqual([]);
    return sessionId;
  } finally {
    await punie.close();
  }
}

/** Another punie process loading the session (its history is replayed before the answer). */
async function withLoaded(sessionId: string, run: (punie: Punie) => Promise<void>): Promise<void> {
  const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], { env: FAST });
  try {
    await punie.agent.request("initialize", { protocolVersion: 1, clientCapabilities: FULL_CAPABILITIES });
    await punie.agent.request("session/load", { sessionId, cwd: t.box.project, mcpServers: [] });
    await run(punie);
    expect(await schemaViolations(punie.wire)).toEqual([]);
  } finally {
    await punie.close();
  }
}

/** Ids of the tool calls the client was told about, in order (each once). */
const announcedIds = (updates: readonly acp.SessionNotification[]) =>
  updates.flatMap((n) => (n.update.sessionUpdate === "tool_call" ? [n.update.toolCallId] : []));
const usageUpdates = (punie: Punie) => punie.updates.flatMap((n) => (n.update.sessionUpdate === "usage_update" ? [n.update] : []));
const contentTypes = (updates: readonly acp.SessionNotification[]) =>
  updates.flatMap((n) => ("content" in n.update && Array.isArray(n.update.content) ? n.update.content.map((c) => c.type) : []));

describe("tool-call ids", () => {
  test("a model repeating call_0 gets unique ids, across a model switch and after a load", async () => {
    const embedded = (path: string): ScriptedReply => ({ text: `<tool_call>{"name": "read_file", "arguments": {"path": "${path}"}}</tool_call>` });
    const model = await serve([
      {
        toolCalls: [
          { id: "call_0", name: "read_file", arguments: { path: "README.md" } },
          { id: "call_0", name: "list_files", arguments: {} },
        ],
      },
      embedded("calculator.py"), // no id from the server: the model object makes one up
      { text: "first answer" },
      // After the switch, a new model object: its made-up ids start again.
      embedded("README.md"),
      { toolCalls: [{ id: "call_0", name: "read_file", arguments: { path: "calculator.py" } }] },
      { text: "second answer" },
      { toolCalls: [{ id: "call_0", name: "read_file", arguments: { path: "README.md" } }] },
      { text: "after the load" },
    ]);
    let before: string[] = [];
    const sessionId = await withSession(async (punie, id) => {
      await ask(punie, id, "look around");
      await punie.agent.request("session/set_config_option", { sessionId: id, configId: "model", value: `local:${model.url}/coder-14b` });
      await ask(punie, id, "again");
      before = announcedIds(punie.updates);
      expect(before).toHaveLength(5);
      expect(new Set(before).size).toBe(5);
      expect(toolCalls(punie.updates).map((call) => call.status)).toEqual(Array(5).fill("completed"));
      // The model reads its own ids back.
      const toolMessages = model.requests[1]?.messages?.filter((m) => m.role === "tool") ?? [];
      expect(toolMessages.map((m) => m.tool_call_id)).toEqual(["call_0", "call_0"]);
    });
    await withLoaded(sessionId, async (punie) => {
      const replayed = announcedIds(punie.updates);
      expect(replayed).toEqual(before);
      const afterReplay = punie.updates.length;
      await ask(punie, sessionId, "once more");
      const fresh = announcedIds(punie.updates.slice(afterReplay));
      expect(fresh).toHaveLength(1);
      expect(replayed).not.toContain(fresh[0]);
    });
  }, E2E_TIMEOUT_MS);
});

describe("_punie/discover_tools", () => {
  test("a client that does not advertise it is never asked, and its first prompt does not wait", async () => {
    await serve([{ text: "hello" }]);
    // A client that would never answer: asking it would hold the first prompt for the whole wait.
    await Bun.write(join(t.box.project, ".punie", "settings.json"), JSON.stringify({ timeouts: { discoverToolsMs: 20_000 } }));
    const silent = { "_punie/discover_tools": () => new Promise(() => {}) };
    await withSession(
      async (punie, sessionId) => {
        const started = performance.now();
        expect((await ask(punie, sessionId, "hi")).stopReason).toBe("end_turn");
        expect(performance.now() - started).toBeLessThan(10_000);
        expect(punie.clientCalls.map((call) => call.method)).not.toContain("_punie/discover_tools");
        expect(punie.wire.fromAgent.some((m) => (m as { method?: string }).method?.startsWith("_punie/"))).toBe(false);
      },
      { extensions: silent },
    );
  }, E2E_TIMEOUT_MS);
});

describe("terminal content", () => {
  test("a client without the terminal capability gets the command's output as text, never a terminal id", async () => {
    const model = await serve((request, index): ScriptedReply => {
      if (index === 0) return { toolCalls: [{ id: "c", name: "run_command", arguments: { command: "echo visible-output" } }] };
      if (index === 1) return { toolCalls: [{ id: "b", name: "run_command", arguments: { command: "sleep 0.1; echo bg-output", background: true } }] };
      if (index === 2) {
        // The terminal the background call started is known only at run time: read it from its result.
        const started = String(request.messages?.at(-1)?.content ?? "").match(/terminal_id (\S+?)\./)?.[1] ?? "missing";
        return { toolCalls: [{ id: "w", name: "wait_for_terminal_exit", arguments: { terminal_id: started } }] };
      }
      return { text: "done" };
    });
    await withSession(
      async (punie, sessionId) => {
        await ask(punie, sessionId, "run it");
        expect(contentTypes(punie.updates)).not.toContain("terminal");
        const [run, background, waited] = toolCalls(punie.updates);
        expect(run?.status).toBe("completed");
        expect(JSON.stringify(run?.content)).toContain("visible-output");
        expect(JSON.stringify(background?.content)).toContain("background");
        expect(waited?.status).toBe("completed");
        expect(JSON.stringify(waited?.content)).toContain("bg-output");
        expect(model.requests[1]?.messages?.at(-1)?.content).toContain("Exit code: 0");
      },
      { capabilities: { fs: { readTextFile: true, writeTextFile: true }, terminal: false } },
    );
  }, E2E_TIMEOUT_MS);

  test("a replay never carries a terminal id: the output comes as text", async () => {
    await serve([{ toolCalls: [{ id: "c", name: "run_command", arguments: { command: "echo replayed-output" } }] }, { text: "done" }]);
    const sessionId = await withSession(async (punie, id) => {
      await ask(punie, id, "run it");
      // Live, the client that created the terminal is shown it.
      expect(contentTypes(punie.updates)).toContain("terminal");
    });
    await withLoaded(sessionId, async (punie) => {
      expect(contentTypes(punie.updates)).not.toContain("terminal");
      const [call] = toolCalls(punie.updates);
      expect(JSON.stringify(call?.content)).toContain("replayed-output");
    });
  }, E2E_TIMEOUT_MS);
});

describe("permission and status", () => {
  test("a tool call stays pending until its permission is answered, for edits, commands and read-kind IDE tools", async () => {
    await serve([
      { toolCalls: [{ id: "w", name: "write_file", arguments: { path: "notes.md", content: "hi\n" } }] },
      { toolCalls: [{ id: "c", name: "run_command", arguments: { command: "echo ran" } }] },
      { toolCalls: [{ id: "i", name: "run_inspections", arguments: { file: "calculator.py" } }] },
      { text: "done" },
    ]);
    const seenAtAnswer: Array<{ toolCallId: string; statuses: string[] }> = [];
    const statusesOf = (toolCallId: string) =>
      (live?.updates ?? []).flatMap((n) => ("toolCallId" in n.update && n.update.toolCallId === toolCallId && "status" in n.update && n.update.status ? [n.update.status] : []));
    await withSession(
      async (punie, sessionId) => {
        await ask(punie, sessionId, "write, run, inspect");
        expect(seenAtAnswer).toHaveLength(3);
        for (const { statuses } of seenAtAnswer) {
          expect(statuses.length).toBeGreaterThan(0);
          expect(statuses.every((status) => status === "pending")).toBe(true);
        }
        expect(toolCalls(punie.updates).map((call) => call.status)).toEqual(["completed", "completed", "completed"]);
      },
      {
        capabilities: { ...FULL_CAPABILITIES, _meta: { "punie.dev/discover_tools": true } },
        async permission(request) {
          // Whatever the agent sends while the person thinks must not say the call is running.
          await Bun.sleep(200);
          seenAtAnswer.push({ toolCallId: request.toolCall.toolCallId, statuses: statusesOf(request.toolCall.toolCallId) });
          return allowOnce(request);
        },
        extensions: {
          "_punie/discover_tools": () => ({
            tools: [
              { name: "write_file", kind: "edit" },
              { name: "run_command", kind: "execute" },
              { name: "run_inspections", kind: "search", description: "Inspect a file", requiresPermission: true },
            ],
          }),
          "_punie/call_tool": () => ({ content: [{ type: "text", text: "0 problems" }] }),
        },
      },
    );
  }, E2E_TIMEOUT_MS);

  test("a command stopped by a cancel ends failed, saying so; usage never drops to 0 after a cancel or a model fault", async () => {
    await serve([
      { text: "hello", usage: { promptTokens: 100, completionTokens: 20 } },
      { toolCalls: [{ id: "s", name: "run_command", arguments: { command: "sleep 30" } }], usage: null },
      { kind: "http_error", status: 500, body: "out of memory" },
    ]);
    await withSession(async (punie, sessionId) => {
      await ask(punie, sessionId, "hi");
      expect(usageUpdates(punie).at(-1)?.used).toBe(120);

      const pending = ask(punie, sessionId, "sleep");
      await until(() => punie.clientCalls.some((call) => call.method === "terminal/wait_for_exit"), "the command to run");
      await punie.agent.notify("session/cancel", { sessionId });
      expect((await pending).stopReason).toBe("cancelled");
      const [call] = toolCalls(punie.updates);
      expect(call?.status).toBe("failed");
      expect(JSON.stringify(call?.content)).toContain("Cancelled");

      expect((await ask(punie, sessionId, "fail")).stopReason).toBe("end_turn");
      expect(agentText(punie.updates)).toContain("500");
      const used = usageUpdates(punie).map((update) => update.used);
      expect(used.length).toBeGreaterThan(0);
      expect(used.every((value) => value === 120)).toBe(true);
    });
  }, E2E_TIMEOUT_MS);
});

describe("JSON-RPC errors", () => {
  test("a message with an id but no method gets -32600 with that id; broken JSON gets its id back; the agent goes on", async () => {
    await serve([{ text: "still here" }]);
    await withSession(async (punie, sessionId) => {
      const errorFor = (id: string) =>
        punie.wire.fromAgent.find((m): m is { id: string; error: { code: number; message: string } } => (m as { id?: unknown }).id === id && "error" in (m as object));
      punie.writeRaw('{"jsonrpc":"2.0","id":"raw-1"}\n');
      punie.writeRaw('{"jsonrpc":"2.0","id":"raw-2","method":"session/prompt","params":{"sessionId":\n');
      punie.writeRaw('{"jsonrpc":"2.0","id":"raw-3","method":17}\n');
      await until(() => ["raw-1", "raw-2", "raw-3"].every((id) => errorFor(id)), "the three error answers");
      expect(errorFor("raw-1")?.error.code).toBe(-32600);
      expect(errorFor("raw-2")?.error.code).toBe(-32700);
      expect(errorFor("raw-3")?.error.code).toBe(-32600);
      // Nothing of the input is echoed back.
      expect(JSON.stringify(errorFor("raw-3"))).not.toContain("17");
      expect((await ask(punie, sessionId, "hi")).stopReason).toBe("end_turn");
      expect(agentText(punie.updates)).toBe("still here");
    });
  }, E2E_TIMEOUT_MS);
});

describe("image prompts", () => {
  // A 1×1 PNG, plus padding so that finding it in a file means the data was kept.
  const PNG = `iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg${"A".repeat(2000)}==`;
  const imageParts = (request: ScriptedRequest | undefined) =>
    (request?.messages ?? []).flatMap((m) => (Array.isArray(m.content) ? (m.content as Array<{ type: string; image_url?: { url: string } }>) : [])).filter((p) => p.type === "image_url");
  const withImage = (text: string): acp.ContentBlock[] => [
    { type: "text", text },
    { type: "image", mimeType: "image/png", data: PNG },
  ];

  test("an image reaches the model as an image content part; a model without vision is named once and the turn goes on", async () => {
    let rejectImages = false;
    const model = await serve((request): ScriptedReply => {
      if (rejectImages && imageParts(request).length > 0) return { kind: "http_error", status: 400, body: { error: { message: "Model does not support images. Please use a model that does." } } };
      return { text: rejectImages ? "answered without it" : "a red dot" };
    });
    await withSession(async (punie, sessionId) => {
      const initialize = punie.wire.fromAgent.find((m) => (m as { result?: acp.InitializeResponse }).result?.protocolVersion) as { result: acp.InitializeResponse };
      expect(initialize.result.agentCapabilities?.promptCapabilities?.image).toBe(true);
      expect((await punie.agent.request("session/prompt", { sessionId, prompt: withImage("What is in this picture?") })).stopReason).toBe("end_turn");
      const first = model.requests[0];
      expect(imageParts(first)).toEqual([{ type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } }]);
      expect(JSON.stringify(first?.messages)).toContain("What is in this picture?");
      expect(agentText(punie.updates)).toBe("a red dot");

      rejectImages = true;
      expect((await punie.agent.request("session/prompt", { sessionId, prompt: withImage("And this one?") })).stopReason).toBe("end_turn");
      const text = agentText(punie.updates);
      expect(text.match(/does not accept images/g)).toHaveLength(1);
      expect(text).toContain("coder-7b");
      expect(text).toEndWith("answered without it");
      const retried = model.requests.at(-1);
      expect(imageParts(retried)).toHaveLength(0);
      // The history keeps placeholders: the earlier image is not sent again.
      expect(JSON.stringify(retried?.messages)).not.toContain(PNG.slice(0, 40));
      expect(JSON.stringify(retried?.messages)).toContain("image/png");
    });
    // Nor stored.
    const stored = (await readdir(t.box.home)).filter((name) => name.startsWith("punie.db"));
    expect(stored.length).toBeGreaterThan(0);
    for (const name of stored) expect(await Bun.file(join(t.box.home, name)).text()).not.toContain(PNG.slice(60, 200));
  }, E2E_TIMEOUT_MS);
});
