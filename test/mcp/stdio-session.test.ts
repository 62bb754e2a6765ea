import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PermissionDeniedError } from "../../src/errors.ts";
import { McpToolError } from "../../src/mcp/errors.ts";
import { connectMcpServers, type McpSessionTools } from "../../src/mcp/session.ts";
import { toolSpec } from "../../src/tools/schema.ts";
import { echoServer, findTool, isAlive, recordingLog, runTool, tempDir } from "./helpers.ts";

const sessions: McpSessionTools[] = [];
function connect(...args: Parameters<typeof connectMcpServers>): McpSessionTools {
  const session = connectMcpServers(...args);
  sessions.push(session);
  return session;
}
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
});

describe("a stdio MCP server", () => {
  test("notifications/tools/list_changed is followed: a tool the server adds joins the toolset", async () => {
    const session = connect([echoServer("echo")], { cwd: tempDir(), log: recordingLog() });
    await session.ready();
    expect(session.tools().map((tool) => tool.name)).not.toContain("mcp__echo__grown");
    expect((await runTool(findTool(session.tools(), "mcp__echo__grow"), {})).result.output).toBe("added grown");
    const deadline = Date.now() + 5000;
    while (!session.tools().some((tool) => tool.name === "mcp__echo__grown") && Date.now() < deadline) await Bun.sleep(10);
    expect((await runTool(findTool(session.tools(), "mcp__echo__grown"), {})).result.output).toBe("grown answered");
    expect(session.status()[0]?.toolCount).toBe(8);
  }, 20_000);

  test("its tools join the toolset under mcp__ names with the server's own schema", async () => {
    const session = connect([echoServer("echo")], { cwd: tempDir(), log: recordingLog() });
    // connectMcpServers returns before anything has connected: session/new is not held up.
    expect(session.status()).toEqual([{ name: "echo", state: "connecting", toolCount: 0 }]);
    expect(session.tools()).toEqual([]);

    await session.ready();
    expect(session.status()).toMatchObject([{ name: "echo", state: "ready", toolCount: 7, transport: "stdio" }]);
    expect(session.tools().map((tool) => [tool.name, tool.kind])).toEqual([
      ["mcp__echo__echo", "read"],
      ["mcp__echo__write_note", "edit"],
      ["mcp__echo__slow", "read"],
      ["mcp__echo__fail", "read"],
      ["mcp__echo__picture", "read"],
      ["mcp__echo__where", "read"],
      ["mcp__echo__grow", "read"],
    ]);
    const spec = toolSpec(findTool(session.tools(), "mcp__echo__echo"));
    expect(spec).toMatchObject({
      description: "Echoes the text back.",
      parameters: { type: "object", properties: { text: { type: "string", description: "What to echo" } }, required: ["text"] },
    });
    expect(session.abilities()).toEqual(["echo: 7 tools (named mcp__echo__…) — echo, write_note, slow, fail, picture, where, grow"]);
    expect(session.problems()).toEqual([]);
  });

  test("a read-only tool runs without asking; a writing tool asks, and a refusal stops it", async () => {
    const session = connect([echoServer("echo")], { cwd: tempDir(), log: recordingLog() });
    await session.ready();

    const echo = await runTool(findTool(session.tools(), "mcp__echo__echo"), { text: "hi" });
    expect(echo.result.output).toBe("echo: hi");
    expect(echo.permissionRequests).toEqual([]);

    const write = findTool(session.tools(), "mcp__echo__write_note");
    const allowed = await runTool(write, { note: "remember" });
    expect(allowed.result.output).toBe("saved note 1: remember");
    expect(allowed.permissionRequests).toMatchObject([{ action: "mcp", title: "echo: write_note remember", toolCallId: "call-1" }]);

    await expect(runTool(write, { note: "nope" }, { answer: "reject" })).rejects.toBeInstanceOf(PermissionDeniedError);
    // The refused call never reached the server: the next note is number 2.
    expect((await runTool(write, { note: "again" })).result.output).toBe("saved note 2: again");
  });

  test("error results, images and the title the IDE shows", async () => {
    const session = connect([echoServer("echo")], { cwd: tempDir(), log: recordingLog() });
    await session.ready();
    const failed = await runTool(findTool(session.tools(), "mcp__echo__fail"), {});
    expect(failed.result).toMatchObject({ output: "it broke", isError: true });
    const picture = await runTool(findTool(session.tools(), "mcp__echo__picture"), {});
    expect(picture.result.output).toBe("here is the chart\n[image image/png, 2 KB — not shown to the model]");
    expect(findTool(session.tools(), "mcp__echo__echo").title({ text: "hello" }, "/w")).toBe("echo: echo hello");
  });

  test("a call slower than the call timeout fails with a message the model can read", async () => {
    const session = connect([echoServer("echo")], { cwd: tempDir(), log: recordingLog(), callTimeoutMs: 200 });
    await session.ready();
    const slow = findTool(session.tools(), "mcp__echo__slow");
    expect((await runTool(slow, { ms: 10 })).result.output).toBe("done");
    const error = await runTool(slow, { ms: 30_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpToolError);
    expect((error as Error).message).toBe("The echo MCP server did not finish slow within 0.2 s.");
  });

  test("cancelling the turn stops a running call at once", async () => {
    const session = connect([echoServer("echo")], { cwd: tempDir(), log: recordingLog() });
    await session.ready();
    const controller = new AbortController();
    const started = performance.now();
    const running = runTool(findTool(session.tools(), "mcp__echo__slow"), { ms: 30_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(running).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(1000);
    // The server is still usable afterwards.
    expect((await runTool(findTool(session.tools(), "mcp__echo__echo"), { text: "still here" })).result.output).toBe("echo: still here");
  });
});

describe("broken servers", () => {
  test("a missing command and a server that exits at once are each reported once; the others still work", async () => {
    const log = recordingLog();
    const session = connect(
      [
        { name: "ghost", command: "/nonexistent/punie-mcp-server", args: [], env: [] },
        echoServer("launcher", { flags: ["--exit"] }),
        echoServer("echo"),
      ],
      { cwd: tempDir(), log },
    );
    await session.ready();
    const status = session.status();
    expect(status.map((server) => [server.name, server.state])).toEqual([
      ["ghost", "failed"],
      ["launcher", "failed"],
      ["echo", "ready"],
    ]);
    const problems = session.problems();
    expect(problems).toEqual([
      expect.stringContaining('MCP server "ghost" is unavailable: command not found: /nonexistent/punie-mcp-server'),
      expect.stringContaining('MCP server "launcher" is unavailable: the command exited before answering the MCP handshake'),
    ]);
    expect(problems[1]).toContain("launcher: no IDE running");
    expect(session.problems()).toEqual([]);
    expect(session.tools().every((tool) => tool.name.startsWith("mcp__echo__"))).toBe(true);
    expect((await runTool(findTool(session.tools(), "mcp__echo__echo"), { text: "ok" })).result.output).toBe("echo: ok");
    expect(session.abilities()).toEqual([
      "ghost: unavailable this session (command not found: /nonexistent/punie-mcp-server)",
      expect.stringContaining("launcher: unavailable this session (the command exited before answering"),
      expect.stringContaining("echo: 7 tools"),
    ]);
  });

  test("a server that never answers the handshake times out without holding ready() up", async () => {
    const dir = tempDir();
    const pidFile = join(dir, "silent.pid");
    const session = connect([echoServer("silent", { flags: ["--silent"], env: { ECHO_PID_FILE: pidFile } }), echoServer("echo")], {
      cwd: dir,
      log: recordingLog(),
      // Long enough for a healthy bun child to start on a loaded machine.
      connectTimeoutMs: 1000,
    });
    const started = performance.now();
    await session.ready();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(session.status()).toMatchObject([
      { name: "silent", state: "failed", error: "no answer to the MCP handshake within 1 s" },
      { name: "echo", state: "ready" },
    ]);
    expect(session.problems()).toEqual(['MCP server "silent" is unavailable: no answer to the MCP handshake within 1 s']);
    // It ignores stdin closing, so close() has to signal it.
    const pid = Number(readFileSync(pidFile, "utf8"));
    await session.close();
    expect(isAlive(pid)).toBe(false);
  });
});

test("a server that dies mid-session is reported once and its tools leave the toolset", async () => {
  const dir = tempDir();
  const pidFile = join(dir, "echo.pid");
  const session = connect([echoServer("echo", { env: { ECHO_PID_FILE: pidFile } })], { cwd: dir, log: recordingLog() });
  await session.ready();
  const echo = findTool(session.tools(), "mcp__echo__echo");
  process.kill(Number(readFileSync(pidFile, "utf8")), "SIGKILL");
  const error = await runTool(echo, { text: "anyone?" }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(McpToolError);
  expect(session.status()).toMatchObject([{ name: "echo", state: "failed", error: "the server process exited" }]);
  expect(session.tools()).toEqual([]);
  expect(session.problems()).toEqual(['MCP server "echo" is unavailable: the server process exited']);
  expect(session.problems()).toEqual([]);
});

describe("close", () => {
  test("ends every stdio child and is idempotent", async () => {
    const dir = tempDir();
    const pidFile = join(dir, "echo.pid");
    const session = connect([echoServer("echo", { env: { ECHO_PID_FILE: pidFile } })], { cwd: dir, log: recordingLog() });
    await session.ready();
    const pid = Number(readFileSync(pidFile, "utf8"));
    expect(isAlive(pid)).toBe(true);
    await session.close();
    expect(isAlive(pid)).toBe(false);
    await session.close();
    // A server that dies because we closed it is not a problem to report.
    expect(session.problems()).toEqual([]);
  });

  test("closing while servers are still connecting leaves no child behind", async () => {
    const dir = tempDir();
    const pidFile = join(dir, "echo.pid");
    const session = connect([echoServer("echo", { env: { ECHO_PID_FILE: pidFile } })], { cwd: dir, log: recordingLog() });
    await session.close();
    await session.ready();
    let pid: number | null = null;
    try {
      pid = Number(readFileSync(pidFile, "utf8"));
    } catch {
      // Killed before it even wrote its pid.
    }
    if (pid !== null) expect(isAlive(pid)).toBe(false);
    expect(session.tools()).toEqual([]);
  });
});
