/**
 * Which tools the model can call, from the built binary: a tool withdrawn after repeated failures
 * does not run when called anyway; "unknown tool" names the MCP tools; a tool an MCP server adds
 * (notifications/tools/list_changed) is offered on the next prompt.
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openSession } from "../../src/testing/acp-client.ts";
import { startScriptedServer } from "../../src/testing/scripted-server.ts";
import { agentCommand, ROOT, sandboxEachTest, startPunie } from "./harness.ts";

const t = sandboxEachTest({ copyDemo: false });

function toolResult(id: string): string {
  for (const request of t.server?.requests ?? []) {
    for (const message of request.messages ?? []) if (message.role === "tool" && message.tool_call_id === id) return String(message.content);
  }
  return "";
}
const offered = (index: number) => (t.server?.requests[index]?.tools ?? []).map((t) => (t as { function: { name: string } }).function.name);

describe("tool availability", () => {
  test("punie ask: a tool withdrawn after 3 failures gets an error result and does not run", async () => {
    await Bun.write(join(t.box.project, "notes.md"), "the content of notes\n");
    const missing = (id: string) => ({ id, name: "read_file", arguments: { path: `missing-${id}.md` } });
    t.server = await startScriptedServer({
      script: [
        { toolCalls: [missing("m1"), missing("m2"), missing("m3")] },
        { toolCalls: [{ id: "again", name: "read_file", arguments: { path: "notes.md" } }] },
        { text: "gave up" },
      ],
      models: ["coder"],
    });
    const proc = Bun.spawn([...(await agentCommand()), "ask", "--model", `${t.server.url}/coder`, "read"], {
      cwd: t.box.project,
      env: { ...process.env, PUNIE_HOME: t.box.home, PUNIE_MODEL_RETRIES: "0", NO_COLOR: "1" },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(await proc.exited).toBe(0);
    expect(offered(0)).toContain("read_file");
    expect(offered(1)).not.toContain("read_file");
    expect(toolResult("m3")).toContain("now withdrawn");
    expect(toolResult("again")).toMatch(/^Error: The tool read_file was withdrawn for this request after 3 failures and did not run/);
    expect(toolResult("again")).not.toContain("the content of notes");
  }, 30_000);

  test("ACP: unknown tool names the MCP tools; a tool added by list_changed is offered on the next prompt", async () => {
    t.server = await startScriptedServer({
      script: [
        { toolCalls: [{ id: "u", name: "echo", arguments: { text: "hi" } }] },
        { toolCalls: [{ id: "g", name: "mcp__echo__grow", arguments: {} }] },
        { text: "grew" },
        { toolCalls: [{ id: "n", name: "mcp__echo__grown", arguments: {} }] },
        { text: "used it" },
      ],
      models: ["coder"],
    });
    const punie = await startPunie(t.box, ["--model", `${t.server.url}/coder`], { env: { PUNIE_MODEL_RETRIES: "0" } });
    try {
      const mcpServers = [{ name: "echo", command: process.execPath, args: [join(ROOT, "test", "fixtures", "mcp", "echo-server.ts")], env: [] }];
      const { sessionId } = await openSession(punie, t.box.project, undefined, mcpServers);
      await punie.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "grow" }] });
      expect(toolResult("u")).toContain('Unknown tool "echo". Did you mean mcp__echo__echo?');
      expect(toolResult("u")).toMatch(/MCP tools: .*mcp__echo__write_note/);
      expect(toolResult("g")).toContain("added grown");
      expect(offered(0)).not.toContain("mcp__echo__grown");
      await punie.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "use it" }] });
      expect(offered(3)).toContain("mcp__echo__grown");
      expect(toolResult("n")).toContain("grown answered");
    } finally {
      await punie.close();
    }
  }, 30_000);
});
