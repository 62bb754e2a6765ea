/**
 * End to end over real stdio against the scripted OpenAI-compatible server: streaming, thoughts,
 * each tool, cancellation mid-stream and mid-command, and every model-server fault.
 */
import { describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type * as acp from "@agentclientprotocol/sdk";
import { agentText, openSession, toolCalls } from "../../src/testing/acp-client.ts";
import { type ScriptedReply, startScriptedServer } from "../../src/testing/scripted-server.ts";
import { sandboxEachTest, startPunie } from "./harness.ts";

const t = sandboxEachTest();

const FAST = { PUNIE_MODEL_RETRIES: "0", PUNIE_CONNECT_TIMEOUT_MS: "2000", PUNIE_FIRST_TOKEN_TIMEOUT_MS: "1500", PUNIE_CHUNK_TIMEOUT_MS: "1500" };

async function withPunie(script: ScriptedReply[], run: (p: Awaited<ReturnType<typeof startPunie>>, sessionId: string) => Promise<void>, env = {}) {
  t.server = await startScriptedServer({ script, models: ["coder-7b"] });
  const punie = await startPunie(t.box, ["--model", `${t.server.url}/coder-7b`], { env: { ...FAST, ...env } });
  try {
    const { sessionId } = await openSession(punie, t.box.project);
    await run(punie, sessionId);
  } finally {
    await punie.close();
  }
}

const ask = (punie: Awaited<ReturnType<typeof startPunie>>, sessionId: string, text: string) =>
  punie.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text }] });

const kinds = (updates: readonly acp.SessionNotification[]) => updates.map((n) => n.update.sessionUpdate);

describe("a scripted model server behind punie", () => {
  test("tokens stream as message chunks, reasoning as thought chunks", async () => {
    // Chunks a few ms apart arrive in separate reads: each becomes its own update (chunks of one
    // read are sent as one, see src/agent/coalesce-text.ts).
    await withPunie([{ reasoning: "thinking hard", text: "Hello from the model", chunks: 4, delays: { betweenChunksMs: 30 } }], async (punie, sessionId) => {
      const response = await ask(punie, sessionId, "hi");
      expect(response.stopReason).toBe("end_turn");
      expect(agentText(punie.updates)).toBe("Hello from the model");
      const messageChunks = punie.updates.filter((n) => n.update.sessionUpdate === "agent_message_chunk");
      expect(messageChunks.length).toBeGreaterThan(1);
      expect(kinds(punie.updates)).toContain("agent_thought_chunk");
      expect(t.server?.requests[0]?.model).toBe("coder-7b");
    });
  });

  test("a <think> block and a text-embedded tool call are recovered", async () => {
    await withPunie(
      [{ text: '<think>let me look</think>I will read it.<tool_call>{"name": "read_file", "arguments": {"path": "README.md"}}</tool_call>' }, { text: "It is a demo." }],
      async (punie, sessionId) => {
        await ask(punie, sessionId, "what is this?");
        const [read] = toolCalls(punie.updates);
        expect(read?.kind).toBe("read");
        expect(read?.status).toBe("completed");
        expect(agentText(punie.updates)).not.toContain("<tool_call>");
        expect(kinds(punie.updates)).toContain("agent_thought_chunk");
        const toolMessage = t.server?.requests[1]?.messages?.at(-1) as { role: string; content: string };
        expect(toolMessage.role).toBe("tool");
        expect(toolMessage.content).toContain("Demo project");
      },
    );
  });

  test("run_command carries the terminal and its output; background commands use the terminal tools", async () => {
    await withPunie(
      [
        { toolCalls: [{ id: "c1", name: "run_command", arguments: { command: "echo", args: ["one two"] } }] },
        { toolCalls: [{ id: "c2", name: "run_command", arguments: { command: "sleep 0.2; echo bg-done", background: true } }] },
        { toolCalls: [{ id: "c3", name: "wait_for_terminal_exit", arguments: { terminal_id: "PLACEHOLDER" } }] },
        { text: "done" },
      ],
      async (punie, sessionId) => {
        // The terminal id is only known at run time: answer the third request from the second result.
        await ask(punie, sessionId, "run things");
        const calls = toolCalls(punie.updates);
        expect(calls[0]?.status).toBe("completed");
        expect(calls[0]?.content?.some((c) => c.type === "terminal")).toBe(true);
        const first = t.server?.requests[1]?.messages?.at(-1) as { content: string };
        expect(first.content).toContain("Exit code: 0");
        expect(first.content).toContain("one two");
        const second = t.server?.requests[2]?.messages?.at(-1) as { content: string };
        expect(second.content).toContain("terminal_id");
        expect(calls[2]?.status).toBe("failed"); // PLACEHOLDER is not a terminal: the model is told so
      },
    );
  });

  test("a path outside the project is refused and nothing outside is read or written", async () => {
    await withPunie(
      [
        { toolCalls: [{ id: "r", name: "read_file", arguments: { path: "../home/secret.txt" } }] },
        { toolCalls: [{ id: "w", name: "write_file", arguments: { path: "/tmp/punie-escape.txt", content: "x" } }] },
        { text: "ok" },
      ],
      async (punie, sessionId) => {
        await ask(punie, sessionId, "escape");
        expect(toolCalls(punie.updates).map((c) => c.status)).toEqual(["failed", "failed"]);
        expect(punie.clientCalls.filter((c) => c.method.startsWith("fs/"))).toHaveLength(0);
        expect(punie.permissionRequests).toHaveLength(0);
        expect(await Bun.file("/tmp/punie-escape.txt").exists()).toBe(false);
        const fed = t.server?.requests[1]?.messages?.at(-1) as { content: string };
        expect(fed.content).toContain("outside");
      },
    );
  });

  test("cancel mid-stream answers cancelled within a second", async () => {
    await withPunie([{ text: "a b c d e f g h", chunks: 8, delays: { betweenChunksMs: 2000 } }], async (punie, sessionId) => {
      const pending = ask(punie, sessionId, "slow");
      while (!punie.updates.some((n) => n.update.sessionUpdate === "agent_message_chunk")) await Bun.sleep(10);
      const started = performance.now();
      await punie.agent.notify("session/cancel", { sessionId });
      const response = await pending;
      expect(response.stopReason).toBe("cancelled");
      expect(performance.now() - started).toBeLessThan(1000);
    });
  });

  test("cancel mid-command kills it and answers cancelled within a second", async () => {
    await withPunie(
      [{ toolCalls: [{ id: "s", name: "run_command", arguments: { command: "sleep 30" } }] }, { text: "never" }],
      async (punie, sessionId) => {
        const pending = ask(punie, sessionId, "sleep");
        while (!punie.clientCalls.some((c) => c.method === "terminal/wait_for_exit")) await Bun.sleep(10);
        const started = performance.now();
        await punie.agent.notify("session/cancel", { sessionId });
        const response = await pending;
        expect(response.stopReason).toBe("cancelled");
        expect(performance.now() - started).toBeLessThan(1000);
        expect(punie.clientCalls.map((c) => c.method)).toContain("terminal/kill");
      },
    );
  });

  const faults: Array<[string, ScriptedReply, RegExp]> = [
    ["a 5xx answer", { kind: "http_error", status: 503, body: "model is loading" }, /503/],
    ["garbage", { kind: "garbage", body: "<html>not an api</html>", contentType: "text/html" }, /127\.0\.0\.1/],
    ["a truncated stream", { text: "partial answer that will be cut", chunks: 6, truncateAfterChunks: 2 }, /127\.0\.0\.1/],
    ["a hang before the first token", { kind: "hang", stage: "after_headers" }, /PUNIE_FIRST_TOKEN_TIMEOUT_MS|PUNIE_CHUNK_TIMEOUT_MS/],
  ];
  for (const [name, fault, pattern] of faults) {
    test(`${name}: one clear paragraph, end_turn, and the next prompt works`, async () => {
      await withPunie([fault, { text: "recovered" }], async (punie, sessionId) => {
        const first = await ask(punie, sessionId, "hi");
        expect(first.stopReason).toBe("end_turn");
        const message = agentText(punie.updates);
        expect(message).toMatch(pattern);
        const second = await ask(punie, sessionId, "again");
        expect(second.stopReason).toBe("end_turn");
        expect(agentText(punie.updates)).toEndWith("recovered");
      });
    });
  }

  test("a server that is down: the paragraph names the URL and what to check", async () => {
    const punie = await startPunie(t.box, ["--model", "local:http://127.0.0.1:9/v1/some-model"], { env: FAST });
    try {
      const { sessionId } = await openSession(punie, t.box.project);
      const response = await ask(punie, sessionId, "hi");
      expect(response.stopReason).toBe("end_turn");
      const text = agentText(punie.updates);
      expect(text).toContain("http://127.0.0.1:9/v1");
      expect(text.toLowerCase()).toMatch(/running|reach/);
    } finally {
      await punie.close();
    }
  });

  test("stdout carries nothing but JSON-RPC, and the log file gets the human lines", async () => {
    await withPunie([{ text: "fine" }], async (punie, sessionId) => {
      await ask(punie, sessionId, "hi");
      const logs = await readdir(join(t.box.home, "logs"));
      expect(logs).toContain("punie.log");
      expect(await Bun.file(join(t.box.home, "logs", "punie.log")).text()).toContain("starting");
    });
  });
});
