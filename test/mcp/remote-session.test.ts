import { afterEach, describe, expect, test } from "bun:test";
import { connectMcpServers, type McpSessionTools } from "../../src/mcp/session.ts";
import type { McpServerConfig } from "../../src/mcp/types.ts";
import { type HttpFixture, type HttpFixtureRoutes, startHttpMcpServer } from "../fixtures/mcp/http-server.ts";
import { echoServer, findTool, recordingLog, runTool, tempDir } from "./helpers.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function connect(servers: McpServerConfig[], connectTimeoutMs = 5000): McpSessionTools {
  const session = connectMcpServers(servers, { cwd: tempDir(), log: recordingLog(), connectTimeoutMs });
  cleanups.push(() => session.close());
  return session;
}

async function serve(routes: HttpFixtureRoutes): Promise<HttpFixture> {
  const fixture = await startHttpMcpServer(routes);
  cleanups.push(() => fixture.close());
  return fixture;
}

/** A port nothing listens on: bind one, then let it go. */
async function closedPort(): Promise<number> {
  const fixture = await startHttpMcpServer({});
  await fixture.close();
  return fixture.port;
}

function jetbrainsStdio(port: number, fallback: McpServerConfig, projectPath?: string): McpServerConfig {
  if (!("command" in fallback)) throw new Error("fallback must be stdio");
  return {
    name: "jetbrains",
    command: fallback.command,
    // The real descriptor's last argument; the fixture ignores it.
    args: [...fallback.args, "com.intellij.mcpserver.stdio.McpStdioRunnerKt"],
    env: [
      ...fallback.env,
      { name: "IJ_MCP_SERVER_PORT", value: String(port) },
      ...(projectPath ? [{ name: "IJ_MCP_SERVER_PROJECT_PATH", value: projectPath }] : []),
    ],
  };
}

describe("remote MCP servers", () => {
  test("streamable HTTP: connects with the given headers and calls tools", async () => {
    const fixture = await serve({ http: ["/mcp"] });
    const session = connect([{ type: "http", name: "remote", url: fixture.url("/mcp"), headers: [{ name: "X-Api-Key", value: "k1" }] }]);
    await session.ready();
    expect(session.status()).toMatchObject([{ name: "remote", state: "ready", transport: "http", toolCount: 7 }]);
    const { result } = await runTool(findTool(session.tools(), "mcp__remote__echo"), { text: "over http" });
    expect(result.output).toBe("echo: over http");
    expect(fixture.requests.filter((request) => request.method === "POST").every((request) => request.headers["x-api-key"] === "k1")).toBe(
      true,
    );
  });

  test("SSE: connects and calls tools", async () => {
    const fixture = await serve({ sse: "/sse" });
    const session = connect([{ type: "sse", name: "legacy", url: fixture.url("/sse"), headers: [] }]);
    await session.ready();
    expect(session.status()).toMatchObject([{ name: "legacy", state: "ready", transport: "sse" }]);
    const { result } = await runTool(findTool(session.tools(), "mcp__legacy__echo"), { text: "over sse" });
    expect(result.output).toBe("echo: over sse");
  });

  test("an unreachable URL is reported once", async () => {
    const port = await closedPort();
    const session = connect([{ type: "http", name: "down", url: `http://127.0.0.1:${port}/mcp`, headers: [] }]);
    await session.ready();
    expect(session.status()).toMatchObject([{ name: "down", state: "failed" }]);
    expect(session.problems()).toEqual([expect.stringContaining('MCP server "down" is unavailable')]);
    expect(session.problems()).toEqual([]);
  });
});

describe("the JetBrains descriptor", () => {
  test("connects to the IDE's port directly instead of running a launcher that exits", async () => {
    const ide = await serve({ http: ["/stream"], sse: "/sse" });
    const session = connect([jetbrainsStdio(ide.port, echoServer("x", { flags: ["--exit"] }), "/Users/me/proj")]);
    await session.ready();
    expect(session.status()).toMatchObject([
      { name: "jetbrains", state: "ready", transport: "http", endpoint: `http://127.0.0.1:${ide.port}/stream` },
    ]);
    // The IDE learns the project the way its own stdio runner tells it: a header per IJ_MCP_* variable.
    const post = ide.requests.find((request) => request.method === "POST");
    expect(post?.headers["ij_mcp_server_project_path"]).toBe("/Users/me/proj");
    // Its tools take the project path; the model does not have to supply it.
    const where = findTool(session.tools(), "mcp__jetbrains__where");
    expect((await runTool(where, {})).result.output).toBe("project: /Users/me/proj");
    expect((await runTool(where, { projectPath: "/other" })).result.output).toBe("project: /other");
  });

  test("without a project path in the descriptor the session cwd is the project", async () => {
    const ide = await serve({ http: ["/stream"] });
    const session = connect([jetbrainsStdio(ide.port, echoServer("x", { flags: ["--exit"] }))]);
    await session.ready();
    const where = findTool(session.tools(), "mcp__jetbrains__where");
    expect((await runTool(where, {}, { cwd: "/home/me/app" })).result.output).toBe("project: /home/me/app");
  });

  test("an IDE that only speaks SSE is reached at /sse", async () => {
    const ide = await serve({ sse: "/sse" });
    const session = connect([jetbrainsStdio(ide.port, echoServer("x", { flags: ["--exit"] }))]);
    await session.ready();
    expect(session.status()).toMatchObject([{ state: "ready", transport: "sse", endpoint: `http://127.0.0.1:${ide.port}/sse` }]);
    expect((await runTool(findTool(session.tools(), "mcp__jetbrains__echo"), { text: "ide" })).result.output).toBe("echo: ide");
  });

  test("falls back to the stdio command when the IDE's port does not answer", async () => {
    const port = await closedPort();
    const session = connect([jetbrainsStdio(port, echoServer("x"))]);
    await session.ready();
    expect(session.status()).toMatchObject([{ name: "jetbrains", state: "ready", transport: "stdio" }]);
    expect((await runTool(findTool(session.tools(), "mcp__jetbrains__echo"), { text: "proxied" })).result.output).toBe("echo: proxied");
  });

  test("when both the port and the command fail, the one problem says what to check", async () => {
    const port = await closedPort();
    const session = connect([jetbrainsStdio(port, echoServer("x", { flags: ["--exit"] }))]);
    await session.ready();
    const [problem, ...rest] = session.problems();
    expect(rest).toEqual([]);
    expect(problem).toContain(`could not reach the IDE's MCP server on 127.0.0.1:${port}`);
    expect(problem).toContain("is the MCP server enabled in the IDE settings?");
    expect(problem).toContain("the command exited before answering the MCP handshake");
  });
});
