/**
 * The binary as a user runs it: `punie init` writing and merging acp.json, --help and --version,
 * Ctrl-C in `punie ask`, `punie perf` over an ACP session, and log rotation across processes.
 */
import { describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { openSession } from "../../src/testing/acp-client.ts";
import { startScriptedServer } from "../../src/testing/scripted-server.ts";
import { agentCommand, sandboxEachTest, startPunie } from "./harness.ts";

const t = sandboxEachTest();

async function punie(args: string[], env: Record<string, string> = {}) {
  const proc = Bun.spawnSync([...(await agentCommand()), ...args], { cwd: t.box.project, env: { ...process.env, PUNIE_HOME: t.box.home, HOME: t.box.home, ...env } });
  return { code: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}

describe("punie init", () => {
  test("writes acp.json with an absolute command and the model in env.PUNIE_MODEL", async () => {
    const result = await punie(["init", "--model", "ollama:qwen2.5-coder:7b"]);
    expect(result.code).toBe(0);
    const config = JSON.parse(await Bun.file(join(t.box.home, ".jetbrains", "acp.json")).text());
    const entry = config.agent_servers.Punie;
    expect(entry.command.startsWith("/")).toBe(true);
    expect(entry.env).toEqual({ PUNIE_MODEL: "ollama:qwen2.5-coder:7b" });
    expect(config.default_mcp_settings).toEqual({ use_idea_mcp: true, use_custom_mcp: true });
    expect(result.stdout).toContain("PUNIE_MODEL");
    // The written command really starts the agent.
    const started = Bun.spawn([entry.command, ...entry.args, "--version"], { stdout: "pipe" });
    expect((await new Response(started.stdout).text()).trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test("merges: other agents and unknown keys are kept; default_mcp_settings only added if missing", async () => {
    const path = join(t.box.project, "acp.json");
    await Bun.write(path, JSON.stringify({ agent_servers: { Other: { command: "/opt/other" } }, theme: "dark", default_mcp_settings: { use_idea_mcp: false } }));
    const result = await punie(["init", "--output", path, "--name", "Punie Dev"]);
    expect(result.code).toBe(0);
    const config = JSON.parse(await Bun.file(path).text());
    expect(Object.keys(config.agent_servers).sort()).toEqual(["Other", "Punie Dev"]);
    expect(config.theme).toBe("dark");
    expect(config.default_mcp_settings).toEqual({ use_idea_mcp: false });
  });

  test("an invalid file is left untouched with a clear message; --force replaces it keeping a .bak", async () => {
    const path = join(t.box.project, "acp.json");
    await Bun.write(path, "{ not json");
    const refused = await punie(["init", "--output", path]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--force");
    expect(await Bun.file(path).text()).toBe("{ not json");
    const forced = await punie(["init", "--output", path, "--force"]);
    expect(forced.code).toBe(0);
    expect(await Bun.file(`${path}.bak`).text()).toBe("{ not json");
    expect(JSON.parse(await Bun.file(path).text()).agent_servers.Punie).toBeDefined();
  });

  test("a bad model spec is one line listing the accepted forms", async () => {
    const result = await punie(["init", "--model", "gpt4"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("ollama:NAME");
  });
});

describe("help and version", () => {
  for (const command of [[], ["acp"], ["init"], ["ask"], ["perf"], ["permissions"], ["dataset"]]) {
    test(`punie ${command.join(" ")} --help shows an example`, async () => {
      const result = await punie([...command, "--help"]);
      expect(result.code).toBe(0);
      expect(`${result.stdout}${result.stderr}`).toContain("Example: punie");
    });
  }
  test("--version prints the version", async () => {
    const result = await punie(["--version"]);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
  test("a flag without its value is one line, not a stack trace", async () => {
    const result = await punie(["--model"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("punie: --model needs a value; see punie --help\n");
    expect(result.stderr).not.toContain("    at ");
  });
  test("an unknown log level is refused before the IDE connects", async () => {
    const result = await punie(["--log-level", "loud"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('punie: Unknown log level "loud": use error, warn, info or debug.\n');
  });
});

describe("punie ask and Ctrl-C", () => {
  test("SIGINT cancels the turn cleanly and exits 130", async () => {
    t.server = await startScriptedServer({ script: [{ text: "slow answer", chunks: 10, delays: { betweenChunksMs: 1000 } }] });
    const proc = Bun.spawn([...(await agentCommand()), "ask", "--model", `${t.server.url}/m`, "hi"], {
      cwd: t.box.project,
      env: { ...process.env, PUNIE_HOME: t.box.home },
      stdout: "pipe",
      stderr: "pipe",
    });
    const reader = proc.stdout.getReader();
    await reader.read(); // the first chunk has streamed
    const started = performance.now();
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(130);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("performance records of IDE sessions", () => {
  test("`punie perf` reports the tools of an ACP session with their backend", async () => {
    t.server = await startScriptedServer({ script: [{ toolCalls: [{ id: "r", name: "read_file", arguments: { path: "README.md" } }] }, { text: "ok" }] });
    const agent = await startPunie(t.box, ["--model", `${t.server.url}/m`]);
    try {
      const { sessionId } = await openSession(agent, t.box.project);
      await agent.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "read" }] });
    } finally {
      await agent.close();
    }
    const result = await punie(["perf", "--json"]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { sessions: number; tools: Array<{ name: string; backend: string; count: number }> };
    expect(summary.sessions).toBe(1);
    expect(summary.tools).toContainEqual(expect.objectContaining({ name: "read_file", backend: "ide", count: 1 }));
    const html = join(t.box.project, "perf.html");
    expect((await punie(["perf", "-o", html])).code).toBe(0);
    expect(await Bun.file(html).text()).toContain("read_file");
  });
});

describe("logs", () => {
  test("each process appends whole lines to the shared log", async () => {
    for (let i = 0; i < 3; i++) {
      const agent = await startPunie(t.box, ["--model", "test"]);
      await openSession(agent, t.box.project);
      await agent.close();
    }
    const files = await readdir(join(t.box.home, "logs"));
    expect(files).toEqual(["punie.log"]);
    const lines = (await Bun.file(join(t.box.home, "logs", "punie.log")).text()).trim().split("\n");
    expect(lines.filter((line) => line.includes("starting"))).toHaveLength(3);
    const broken = lines.filter((line) => !/^\d{4}-\d\d-\d\dT[\d:.]+Z (ERROR|WARN|INFO|DEBUG) \[\d+\] /.test(line) && !line.startsWith("    "));
    expect(broken).toEqual([]);
  });
});
