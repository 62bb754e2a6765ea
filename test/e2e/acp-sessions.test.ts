/**
 * Sessions that last, the model picker, permission modes, the IDE's MCP server and the
 * `_punie/discover_tools` catalog — end to end over real stdio against the built binary.
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import type * as acp from "@agentclientprotocol/sdk";
import { agentText, FULL_CAPABILITIES, openSession, toolCalls } from "../../src/testing/acp-client.ts";
import { type ScriptedReply, startScriptedServer } from "../../src/testing/scripted-server.ts";
import { E2E_TIMEOUT_MS, promptText, ROOT, sandboxEachTest, startPunie, until } from "./harness.ts";

const t = sandboxEachTest();

const FAST = { PUNIE_MODEL_RETRIES: "0", PUNIE_FIRST_TOKEN_TIMEOUT_MS: "3000" };
type Punie = Awaited<ReturnType<typeof startPunie>>;
const ask = promptText;
const updatesOf = (punie: Punie, kind: string) => punie.updates.filter((n) => n.update.sessionUpdate === kind);

async function scripted(script: ScriptedReply[], models: Array<string | { id: string; [field: string]: unknown }> = ["coder-7b", "coder-14b"]) {
  t.server = await startScriptedServer({ script, models });
  return t.server;
}

describe("sessions that last", () => {
  test("a session survives a restart: list finds it, load replays it before answering, the model sees the history", async () => {
    const model = await scripted([
      { toolCalls: [{ id: "r1", name: "read_file", arguments: { path: "calculator.py" } }] },
      { text: "It adds and divides." },
      { text: "You asked about calculator.py." },
    ]);
    const spec = `${model.url}/coder-7b`;
    const first = await startPunie(t.box, ["--model", spec], { env: FAST });
    let sessionId: string;
    try {
      ({ sessionId } = await openSession(first, t.box.project));
      await ask(first, sessionId, "What does calculator.py do?");
      await until(() => updatesOf(first, "session_info_update").length > 0, "the title");
    } finally {
      await first.close();
    }

    const second = await startPunie(t.box, ["--model", spec], { env: FAST });
    try {
      await second.agent.request("initialize", { protocolVersion: 1, clientCapabilities: { fs: { readTextFile: true, writeTextFile: true }, terminal: true } });
      const listed = await second.agent.request("session/list", { cwd: t.box.project });
      expect(listed.sessions.map((s) => s.sessionId)).toContain(sessionId);
      expect(listed.sessions.find((s) => s.sessionId === sessionId)?.title).toBe("What does calculator.py do?");

      await second.agent.request("session/load", { sessionId, cwd: t.box.project, mcpServers: [] });
      // Everything replayed arrived before the answer.
      const replay = second.updates.filter((n) => n.sessionId === sessionId).map((n) => n.update);
      expect(replay[0]).toEqual({ sessionUpdate: "user_message_chunk", content: { type: "text", text: "What does calculator.py do?" } });
      const call = replay.find((u) => u.sessionUpdate === "tool_call") as acp.ToolCall | undefined;
      expect(call?.status).toBe("completed");
      expect(call?.kind).toBe("read");
      expect(agentText(second.updates)).toContain("It adds and divides.");

      await ask(second, sessionId, "What did I ask?");
      const sent = model.requests.at(-1)?.messages ?? [];
      expect(sent.some((m) => m.role === "user" && m.content === "What does calculator.py do?")).toBe(true);
      expect(sent.some((m) => m.role === "tool")).toBe(true);
    } finally {
      await second.close();
    }
  });

  test("a corrupt database never stops the agent: it warns in the log and runs without history", async () => {
    await Bun.write(join(t.box.home, "punie.db"), "this is not a database".repeat(100));
    await scripted([{ text: "still answering" }]);
    const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], { env: FAST });
    try {
      const { sessionId } = await openSession(punie, t.box.project);
      expect((await ask(punie, sessionId, "hi")).stopReason).toBe("end_turn");
      expect(agentText(punie.updates)).toBe("still answering");
      expect((await punie.agent.request("session/list", {})).sessions).toEqual([]);
    } finally {
      await punie.close();
    }
    expect(await Bun.file(join(t.box.home, "logs", "punie.log")).text()).toMatch(/WARN .*punie\.db/);
    expect(await Bun.file(join(t.box.home, "punie.db")).text()).toStartWith("this is not a database");
  });

  test("resume continues without replay; close ends the session; unknown sessions are errors", async () => {
    await scripted([{ text: "one" }, { text: "two" }]);
    const spec = `${t.server?.url}/coder-7b`;
    const first = await startPunie(t.box, ["--model", spec], { env: FAST });
    let sessionId: string;
    try {
      ({ sessionId } = await openSession(first, t.box.project));
      await ask(first, sessionId, "first");
    } finally {
      await first.close();
    }
    const second = await startPunie(t.box, ["--model", spec], { env: FAST });
    try {
      await second.agent.request("initialize", { protocolVersion: 1, clientCapabilities: {} });
      await second.agent.request("session/resume", { sessionId, cwd: t.box.project });
      expect(second.updates.filter((n) => n.update.sessionUpdate === "user_message_chunk")).toHaveLength(0);
      await ask(second, sessionId, "second");
      expect(t.server?.requests.at(-1)?.messages?.some((m) => m.content === "first")).toBe(true);
      await second.agent.request("session/close", { sessionId });
      const closed = await ask(second, sessionId, "third").catch((error) => error);
      expect((closed as { code?: number }).code).toBe(-32002);
      const missing = await second.agent.request("session/load", { sessionId: "no-such", cwd: t.box.project, mcpServers: [] }).catch((e) => e);
      expect((missing as { code?: number }).code).toBe(-32002);
    } finally {
      await second.close();
    }
  });

  test("initialize advertises exactly the session methods it has; usage and title arrive", async () => {
    await scripted([{ text: "hello", usage: { promptTokens: 120, completionTokens: 30 } }]);
    const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], { env: FAST });
    try {
      const { initialize, sessionId } = await openSession(punie, t.box.project);
      expect(initialize.agentCapabilities?.loadSession).toBe(true);
      expect(Object.keys(initialize.agentCapabilities?.sessionCapabilities ?? {}).sort()).toEqual(["close", "list", "resume"]);
      expect(initialize.agentCapabilities?.mcpCapabilities).toEqual({ http: true, sse: true });
      await ask(punie, sessionId, "Say hello\nplease");
      const usage = updatesOf(punie, "usage_update").at(-1)?.update as acp.UsageUpdate | undefined;
      expect(usage?.used).toBe(150);
      expect(usage?.size).toBe(32768); // the server reports no context window: the settings' default
      expect((updatesOf(punie, "session_info_update")[0]?.update as acp.SessionInfoUpdate).title).toBe("Say hello");
    } finally {
      await punie.close();
    }
  });

  test("usage_update carries the context window the server reports", async () => {
    await scripted([{ text: "hello" }], [{ id: "coder-7b", max_model_len: 8192 }]);
    const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], { env: FAST });
    try {
      const { sessionId } = await openSession(punie, t.box.project);
      await until(() => updatesOf(punie, "config_option_update").length > 0, "the model list");
      await ask(punie, sessionId, "hi");
      expect((updatesOf(punie, "usage_update").at(-1)?.update as acp.UsageUpdate).size).toBe(8192);
    } finally {
      await punie.close();
    }
  });
});

describe("model picker and slash commands", () => {
  test("the picker lists the server's models, and switching changes the model of the next request", async () => {
    await scripted([{ text: "from 7b" }, { text: "from 14b" }]);
    const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], { env: FAST });
    try {
      const { sessionId, session } = await openSession(punie, t.box.project);
      // Nothing may precede the session/new answer; commands and the model list follow it.
      expect(punie.updates.filter((n) => n.sessionId === sessionId)).toHaveLength(0);
      const modelOption = session.configOptions?.find((o) => o.category === "model");
      expect(modelOption?.type === "select" && modelOption.currentValue).toBe(`${t.server?.url}/coder-7b`);
      await until(() => updatesOf(punie, "config_option_update").length > 0, "the model list");
      const listed = updatesOf(punie, "config_option_update")[0]?.update as acp.ConfigOptionUpdate;
      const picker = listed.configOptions.find((o) => o.id === "model");
      const values = picker?.type === "select" ? (picker.options as acp.SessionConfigSelectOption[]).map((o) => o.name) : [];
      expect(values).toEqual(["coder-7b", "coder-14b"]);
      const commands = updatesOf(punie, "available_commands_update")[0]?.update as acp.AvailableCommandsUpdate;
      expect(commands.availableCommands.map((c) => c.name)).toEqual(expect.arrayContaining(["tools", "model", "mode", "help"]));

      await ask(punie, sessionId, "hi");
      expect(t.server?.requests.at(-1)?.model).toBe("coder-7b");
      const next = `local:${t.server?.url}/coder-14b`;
      const answer = await punie.agent.request("session/set_config_option", { sessionId, configId: "model", value: next });
      const current = answer.configOptions.find((o) => o.id === "model");
      expect(current?.type === "select" && current.currentValue).toBe(next);
      await ask(punie, sessionId, "again");
      expect(t.server?.requests.at(-1)?.model).toBe("coder-14b");
    } finally {
      await punie.close();
    }
  });

  test("/tools and /mode are answered without a model request", async () => {
    await scripted([]);
    const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], { env: FAST });
    try {
      const { sessionId } = await openSession(punie, t.box.project);
      await ask(punie, sessionId, "/tools");
      expect(agentText(punie.updates)).toContain("read_file");
      await ask(punie, sessionId, "/mode read-only");
      expect(agentText(punie.updates)).toContain("read-only");
      expect((updatesOf(punie, "current_mode_update").at(-1)?.update as acp.CurrentModeUpdate).currentModeId).toBe("read-only");
      expect(t.server?.requests.filter((r) => r.messages)).toHaveLength(0);
    } finally {
      await punie.close();
    }
  });

  test("a slash command during a running prompt is refused like a second prompt, and works once the turn ended", async () => {
    await scripted([{ text: "slow answer", chunks: 4, delays: { betweenChunksMs: 2000 } }]);
    const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], { env: FAST });
    try {
      const { sessionId } = await openSession(punie, t.box.project);
      const running = ask(punie, sessionId, "take your time");
      await until(() => updatesOf(punie, "agent_message_chunk").length > 0, "the first chunk");
      const refusal = await ask(punie, sessionId, "a second prompt").then(() => null, (error: unknown) => error);
      expect(refusal).toMatchObject({ code: -32600 });
      for (const command of ["/mode read-only", "/help"]) {
        expect(await ask(punie, sessionId, command).then(() => null, (error: unknown) => error)).toEqual(refusal);
      }
      expect(agentText(punie.updates)).not.toContain("Commands:");
      expect(punie.updates.filter((n) => n.update.sessionUpdate === "current_mode_update")).toHaveLength(0);
      await punie.agent.notify("session/cancel", { sessionId });
      expect((await running).stopReason).toBe("cancelled");
      expect((await ask(punie, sessionId, "/mode read-only")).stopReason).toBe("end_turn");
      expect((updatesOf(punie, "current_mode_update").at(-1)?.update as acp.CurrentModeUpdate).currentModeId).toBe("read-only");
    } finally {
      await punie.close();
    }
  });
});

describe("permission modes", () => {
  const writeAndRun: ScriptedReply[] = [
    { toolCalls: [{ id: "w", name: "write_file", arguments: { path: "notes.md", content: "hi\n" } }] },
    { toolCalls: [{ id: "c", name: "run_command", arguments: { command: "echo ran" } }] },
    { text: "done" },
  ];
  const cases: Array<[string, { asked: string[]; write: string; run: string }]> = [
    ["ask", { asked: ["Write notes.md", "Run echo ran"], write: "completed", run: "completed" }],
    ["accept-edits", { asked: ["Run echo ran"], write: "completed", run: "completed" }],
    ["auto", { asked: [], write: "completed", run: "completed" }],
    ["read-only", { asked: [], write: "failed", run: "failed" }],
  ];
  for (const [mode, expected] of cases) {
    test(`${mode}: asks for ${expected.asked.length ? expected.asked.join(" and ") : "nothing"}`, async () => {
      await scripted(writeAndRun);
      const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], { env: FAST });
      try {
        const { sessionId } = await openSession(punie, t.box.project);
        await punie.agent.request("session/set_mode", { sessionId, modeId: mode });
        await ask(punie, sessionId, "write and run");
        expect(punie.permissionRequests.map((r) => r.toolCall.title?.split(" (")[0])).toEqual(expected.asked);
        expect(toolCalls(punie.updates).map((c) => c.status as string)).toEqual([expected.write, expected.run]);
        expect(await Bun.file(join(t.box.project, "notes.md")).exists()).toBe(expected.write === "completed");
        if (mode === "read-only") expect(t.server?.requests[1]?.messages?.at(-1)?.content).toContain("read-only");
      } finally {
        await punie.close();
      }
    });
  }

  test("a settings deny rule stops a command before any prompt, naming the rule", async () => {
    await Bun.write(join(t.box.project, ".punie", "settings.json"), JSON.stringify({ permissions: { deny: [{ command: "rm" }] } }));
    await scripted([{ toolCalls: [{ id: "c", name: "run_command", arguments: { command: "rm -rf build" } }] }, { text: "ok" }]);
    const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], { env: FAST });
    try {
      const { sessionId } = await openSession(punie, t.box.project);
      await punie.agent.request("session/set_mode", { sessionId, modeId: "auto" });
      await ask(punie, sessionId, "clean");
      expect(punie.permissionRequests).toHaveLength(0);
      expect(toolCalls(punie.updates)[0]?.status).toBe("failed");
      expect(t.server?.requests[1]?.messages?.at(-1)?.content).toContain("rm");
    } finally {
      await punie.close();
    }
  });

  test("'always allow in this project' is remembered across sessions and listed by `punie permissions`", async () => {
    const write = (id: string): ScriptedReply => ({ toolCalls: [{ id, name: "write_file", arguments: { path: `${id}.md`, content: "x" } }] });
    await scripted([write("a"), { text: "ok" }, write("b"), { text: "ok" }]);
    const spec = `${t.server?.url}/coder-7b`;
    const projectOption = (request: acp.RequestPermissionRequest): acp.RequestPermissionResponse => ({
      outcome: { outcome: "selected", optionId: request.options.filter((o) => o.kind === "allow_always")[1]?.optionId ?? "missing" },
    });
    const first = await startPunie(t.box, ["--model", spec], { env: FAST, permission: projectOption });
    try {
      const { sessionId } = await openSession(first, t.box.project);
      await ask(first, sessionId, "write a");
      expect(first.permissionRequests).toHaveLength(1);
    } finally {
      await first.close();
    }
    const second = await startPunie(t.box, ["--model", spec], { env: FAST });
    try {
      const { sessionId } = await openSession(second, t.box.project);
      await ask(second, sessionId, "write b");
      expect(second.permissionRequests).toHaveLength(0);
      expect(await Bun.file(join(t.box.project, "b.md")).exists()).toBe(true);
    } finally {
      await second.close();
    }
    const list = Bun.spawnSync(["dist/punie", "permissions", "list", "--json"], { cwd: ROOT, env: { ...process.env, PUNIE_HOME: t.box.home } });
    expect(list.stdout.toString()).toContain("write_file");
  });
});

describe("the IDE's own tools", () => {
  test("a stdio MCP server from session/new has its tool called by the model, the result back in the conversation", async () => {
    await scripted([{ toolCalls: [{ id: "m", name: "mcp__echo__echo", arguments: { text: "ping" } }] }, { text: "the server said pong" }]);
    const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], { env: FAST });
    try {
      await punie.agent.request("initialize", { protocolVersion: 1, clientCapabilities: { fs: { readTextFile: true, writeTextFile: true }, terminal: true } });
      const started = performance.now();
      const { sessionId } = await punie.agent.request("session/new", {
        cwd: t.box.project,
        mcpServers: [{ name: "echo", command: process.execPath, args: [join(ROOT, "test", "fixtures", "mcp", "echo-server.ts")], env: [] }],
      });
      expect(performance.now() - started).toBeLessThan(1000);
      await ask(punie, sessionId, "ping the echo server");
      const offered = (t.server?.requests[0]?.tools ?? []).map((t) => (t as { function: { name: string } }).function.name);
      expect(offered).toContain("mcp__echo__echo");
      expect(t.server?.requests[0]?.messages?.[0]?.content).toContain("echo");
      const call = toolCalls(punie.updates)[0];
      expect(call?.status).toBe("completed");
      expect(call?.kind).toBe("read");
      expect(punie.permissionRequests).toHaveLength(0); // read-only tool
      expect(t.server?.requests[1]?.messages?.at(-1)?.content).toContain("echo: ping");
    } finally {
      await punie.close();
    }
  });

  test("a broken MCP server is reported once and the session still works", async () => {
    await scripted([{ text: "fine" }, { text: "still fine" }]);
    const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], { env: { ...FAST } });
    try {
      await punie.agent.request("initialize", { protocolVersion: 1, clientCapabilities: {} });
      const { sessionId } = await punie.agent.request("session/new", {
        cwd: t.box.project,
        mcpServers: [{ name: "broken", command: "/no/such/program", args: [], env: [] }],
      });
      await ask(punie, sessionId, "hi");
      await ask(punie, sessionId, "again");
      const text = agentText(punie.updates);
      expect(text.match(/broken/g)?.length).toBe(1);
      expect(text).toContain("still fine");
    } finally {
      await punie.close();
    }
  });

  test("a client answering _punie/discover_tools gets its unknown tool called through _punie/call_tool", async () => {
    await scripted([
      { toolCalls: [{ id: "i", name: "run_inspections", arguments: { file: "calculator.py" } }] },
      { toolCalls: [{ id: "r", name: "read_file", arguments: { path: "README.md" } }] },
      { text: "no problems" },
    ]);
    const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], {
      env: FAST,
      extensions: {
        "_punie/discover_tools": () => ({
          tools: [
            { name: "read_file", kind: "read", description: "Read a file", parameters: {}, requiresPermission: false, categories: ["fs"] },
            {
              name: "run_inspections",
              kind: "search",
              description: "Run the IDE's inspections on a file",
              parameters: { type: "object", properties: { file: { type: "string" } }, required: ["file"] },
              requiresPermission: true,
              categories: ["ide"],
            },
          ],
        }),
        "_punie/call_tool": (params) => ({ content: [{ type: "text", text: `inspected ${(params as { arguments: { file: string } }).arguments.file}: 0 problems` }] }),
      },
    });
    try {
      const { sessionId } = await openSession(punie, t.box.project, { ...FULL_CAPABILITIES, _meta: { "punie.dev/discover_tools": true } });
      await ask(punie, sessionId, "inspect");
      expect(punie.clientCalls.map((c) => c.method)).toContain("_punie/discover_tools");
      const bridged = punie.clientCalls.find((c) => c.method === "_punie/call_tool");
      expect(bridged?.params).toEqual({ sessionId, name: "run_inspections", arguments: { file: "calculator.py" } });
      expect(punie.permissionRequests).toHaveLength(1); // requiresPermission
      const offered = (t.server?.requests[0]?.tools ?? []).map((t) => (t as { function: { name: string } }).function.name);
      // The catalog decides the IDE-side tools; local Python tools may join (pytest is installed here).
      expect(offered).toEqual(expect.arrayContaining(["read_file", "run_inspections"]));
      expect(offered).not.toContain("write_file");
      expect(t.server?.requests[1]?.messages?.at(-1)?.content).toContain("0 problems");
      expect(punie.clientCalls.map((c) => c.method)).toContain("fs/read_text_file"); // known name → Punie's own tool over ACP
      expect(toolCalls(punie.updates)[0]?.kind).toBe("search");
    } finally {
      await punie.close();
    }
  });
});

describe("answer checks", () => {
  test.skipIf(!Bun.which("python3"))("with pythonCheck on, a broken ```python block is sent back for repair with Python's own message", async () => {
    await Bun.write(join(t.box.project, ".punie", "settings.json"), JSON.stringify({ pythonCheck: true }));
    await scripted([{ text: "Try:\n```python\ndef f(:\n    pass\n```" }, { text: "Fixed:\n```python\ndef f():\n    pass\n```" }]);
    const punie = await startPunie(t.box, ["--model", `${t.server?.url}/coder-7b`], { env: FAST });
    try {
      const { sessionId } = await openSession(punie, t.box.project);
      expect((await ask(punie, sessionId, "write f")).stopReason).toBe("end_turn");
      const repair = t.server?.requests[1]?.messages?.at(-1) as { role: string; content: string };
      expect(repair.role).toBe("user");
      expect(repair.content).toMatch(/line 1/i);
      expect(t.server?.requests).toHaveLength(2);
    } finally {
      await punie.close();
    }
  }, E2E_TIMEOUT_MS); // python3 itself can take seconds to start on a busy machine
});
