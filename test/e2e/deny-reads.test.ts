/**
 * Deny rules cover reads, end to end from the built binary: read_file (disk and the IDE's
 * fs/read_text_file), list_files, search_text, run_command arguments, globs and redirections,
 * and MCP arguments all meet `**\/.env` and `secret/**`; an `actions: ["edit"]` rule still only
 * stops edits.
 */
import { describe, expect, test } from "bun:test";
import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { openSession } from "../../src/testing/acp-client.ts";
import { type ScriptedReply, type ScriptedToolCall, startScriptedServer } from "../../src/testing/scripted-server.ts";
import { agentCommand, sandboxEachTest, startPunie, ROOT } from "./harness.ts";

const t = sandboxEachTest({ copyDemo: false });

const SECRET = "sk-secret-4242";
const ENV_TEXT = `TOKEN=${SECRET}\n`;

async function project(): Promise<void> {
  await Bun.write(join(t.box.project, ".env"), ENV_TEXT);
  await Bun.write(join(t.box.project, "secret", "key.txt"), `key ${SECRET}\n`);
  await Bun.write(join(t.box.project, "app", "main.py"), "print('TOKEN is read from the environment')\n");
  await Bun.write(join(t.box.project, "notes.md"), "public notes mention TOKEN\n");
  await symlink(join(t.box.project, ".env"), join(t.box.project, "app", "config.txt"));
  await mkdir(join(t.box.project, ".punie"), { recursive: true });
  await Bun.write(
    join(t.box.project, ".punie", "settings.json"),
    JSON.stringify({
      permissions: {
        deny: [
          { path: "**/.env", reason: "secrets stay out of the agent's hands" },
          { path: "secret/**" },
          { path: "notes.md", actions: ["edit"] },
        ],
      },
    }),
  );
}

/** Tool results the model read, by tool call id. */
function toolResults(): Map<string, string> {
  const results = new Map<string, string>();
  for (const request of t.server?.requests ?? []) {
    for (const message of request.messages ?? []) {
      if (message.role === "tool") results.set(String(message.tool_call_id), String(message.content));
    }
  }
  return results;
}

const call = (id: string, name: string, args: Record<string, unknown>): ScriptedToolCall => ({ id, name, arguments: args });

describe("deny rules cover reads", () => {
  test("punie ask: read_file, list_files, search_text and run_command never show a denied file", async () => {
    await project();
    const calls = [
      call("read_env", "read_file", { path: ".env" }),
      call("read_secret", "read_file", { path: "secret/key.txt" }),
      call("read_link", "read_file", { path: "app/config.txt" }),
      call("read_notes", "read_file", { path: "notes.md" }),
      call("list", "list_files", {}),
      call("search", "search_text", { pattern: "TOKEN" }),
      call("cat", "run_command", { command: "cat .env" }),
      call("cat_args", "run_command", { command: "cat", args: ["secret/key.txt"] }),
      call("glob", "run_command", { command: "cat secret/*" }),
      call("append", "run_command", { command: "echo hacked >> .env" }),
      call("grep_dir", "run_command", { command: "grep -r key secret" }),
      call("ok", "run_command", { command: "cat notes.md" }),
      call("edit_notes", "edit_file", { path: "notes.md", old_text: "public", new_text: "private" }),
    ];
    const script: ScriptedReply[] = [{ toolCalls: calls }, { text: "done" }];
    t.server = await startScriptedServer({ script, models: ["coder"] });
    const proc = Bun.spawn([...(await agentCommand()), "ask", "--yes", "--model", `${t.server.url}/coder`, "read the secrets"], {
      cwd: t.box.project,
      env: { ...process.env, PUNIE_HOME: t.box.home, PUNIE_MODEL_RETRIES: "0", NO_COLOR: "1" },
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stdout, , code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect(code).toBe(0);
    expect(stdout).toContain("done");
    const results = toolResults();
    for (const { id } of calls) expect(results.get(id as string) ?? "").not.toContain(SECRET);
    for (const id of ["read_env", "read_secret", "read_link", "cat", "cat_args", "glob", "append", "grep_dir"]) {
      expect(results.get(id)).toMatch(/Permission denied: Refused by the settings rule/);
    }
    expect(results.get("read_env")).toContain("secrets stay out of the agent's hands");
    expect(results.get("read_notes")).toContain("public notes mention TOKEN");
    expect(results.get("ok")).toContain("public notes mention TOKEN");
    expect(results.get("edit_notes")).toMatch(/Permission denied/);
    const listing = results.get("list") ?? "";
    expect(listing).toContain("app/main.py");
    expect(listing).not.toMatch(/\.env|secret\//);
    expect(listing).toMatch(/2 files or folders are hidden by a settings deny rule/);
    const search = results.get("search") ?? "";
    expect(search).toContain("app/main.py:1:");
    expect(search).toContain("notes.md:1:");
    expect(search).not.toContain("config.txt");
    expect(search).toMatch(/3 files or folders are hidden by a settings deny rule/);
    expect(await Bun.file(join(t.box.project, ".env")).text()).toBe(ENV_TEXT);
    expect(await Bun.file(join(t.box.project, "notes.md")).text()).toBe("public notes mention TOKEN\n");
  }, 30_000);

  test("ACP: the IDE is never asked for a denied file, and an MCP argument naming one is refused", async () => {
    await project();
    const calls = [
      call("read_env", "read_file", { path: ".env" }),
      call("read_main", "read_file", { path: "app/main.py" }),
      call("mcp_env", "mcp__echo__echo", { text: ".env" }),
      call("mcp_secret", "mcp__echo__echo", { text: `${t.box.project}/secret/key.txt` }),
      call("mcp_ok", "mcp__echo__echo", { text: "hello" }),
    ];
    t.server = await startScriptedServer({ script: [{ toolCalls: calls }, { text: "done" }], models: ["coder"] });
    const punie = await startPunie(t.box, ["--model", `${t.server.url}/coder`], { env: { PUNIE_MODEL_RETRIES: "0" } });
    try {
      const mcpServers = [{ name: "echo", command: process.execPath, args: [join(ROOT, "test", "fixtures", "mcp", "echo-server.ts")], env: [] }];
      const { sessionId } = await openSession(punie, t.box.project, undefined, mcpServers);
      await punie.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "read the secrets" }] });
      const reads = punie.clientCalls.filter((c) => c.method === "fs/read_text_file").map((c) => (c.params as { path: string }).path);
      expect(reads).toContain(join(t.box.project, "app", "main.py"));
      expect(reads.some((path) => path.endsWith(".env"))).toBe(false);
      const results = toolResults();
      expect(results.get("read_env")).toMatch(/Permission denied: Refused by the settings rule/);
      expect(results.get("mcp_env")).toMatch(/Permission denied: Refused by the settings rule/);
      expect(results.get("mcp_secret")).toMatch(/Permission denied: Refused by the settings rule/);
      expect(results.get("mcp_ok")).toContain("echo: hello");
    } finally {
      await punie.close();
    }
  }, 30_000);
});
