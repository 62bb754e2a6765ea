import { describe, expect, test } from "bun:test";
import { JETBRAINS_DEFAULT_PORT, jetbrainsDescriptor, jetbrainsEndpoints } from "../../src/mcp/jetbrains.ts";
import type { McpServerConfig } from "../../src/mcp/types.ts";

const java = "/Applications/PyCharm.app/Contents/jbr/Contents/Home/bin/java";
const runner = "com.intellij.mcpserver.stdio.McpStdioRunnerKt";

function stdio(command: string, args: string[], env: Record<string, string> = {}): McpServerConfig {
  return { name: "idea", command, args, env: Object.entries(env).map(([name, value]) => ({ name, value })) };
}

describe("jetbrainsDescriptor", () => {
  const cases: [string, McpServerConfig, ReturnType<typeof jetbrainsDescriptor>][] = [
    [
      "java classpath runner with a port",
      stdio(java, ["-classpath", "/a.jar:/b.jar", runner], { IJ_MCP_SERVER_PORT: "64343" }),
      { port: 64343, headers: { IJ_MCP_SERVER_PORT: "64343" } },
    ],
    [
      "IDE launcher with stdioMcpServer and a project path",
      stdio("/Applications/PyCharm.app/Contents/MacOS/pycharm", ["stdioMcpServer"], {
        IJ_MCP_SERVER_PORT: "64462",
        IJ_MCP_SERVER_PROJECT_PATH: "/Users/me/proj",
      }),
      {
        port: 64462,
        projectPath: "/Users/me/proj",
        headers: { IJ_MCP_SERVER_PORT: "64462", IJ_MCP_SERVER_PROJECT_PATH: "/Users/me/proj" },
      },
    ],
    ["runner without a port uses the default", stdio(java, ["-cp", "x.jar", runner]), { port: JETBRAINS_DEFAULT_PORT, headers: {} }],
    [
      "a bad port falls back to the default",
      stdio(java, [runner], { IJ_MCP_SERVER_PORT: "not-a-port" }),
      { port: JETBRAINS_DEFAULT_PORT, headers: { IJ_MCP_SERVER_PORT: "not-a-port" } },
    ],
    [
      "an out-of-range port falls back to the default",
      stdio(java, [runner], { IJ_MCP_SERVER_PORT: "70000" }),
      { port: JETBRAINS_DEFAULT_PORT, headers: { IJ_MCP_SERVER_PORT: "70000" } },
    ],
    [
      "auth token and header variables travel as headers, debug does not",
      stdio(java, [runner], { IJ_MCP_AUTH_TOKEN: "t0k", IJ_MCP_HEADER_X_Extra: "1", IJ_MCP_DEBUG: "true", PATH: "/bin" }),
      { port: JETBRAINS_DEFAULT_PORT, headers: { IJ_MCP_AUTH_TOKEN: "t0k", X_Extra: "1" } },
    ],
    [
      "any stdio server told IJ_MCP_SERVER_PORT",
      stdio("/opt/bin/idea-proxy", [], { IJ_MCP_SERVER_PORT: "1234" }),
      { port: 1234, headers: { IJ_MCP_SERVER_PORT: "1234" } },
    ],
    ["an ordinary stdio server", stdio("npx", ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]), null],
    ["an http server", { type: "http", name: "idea", url: "http://127.0.0.1:64342/stream", headers: [] }, null],
  ];
  for (const [label, server, expected] of cases) {
    test(label, () => expect(jetbrainsDescriptor(server)).toEqual(expected));
  }
});

test("the IDE's endpoints are tried as /stream, /mcp, then SSE at /sse on loopback", () => {
  expect(jetbrainsEndpoints({ port: 64342, headers: {} })).toEqual([
    { transport: "http", url: "http://127.0.0.1:64342/stream" },
    { transport: "http", url: "http://127.0.0.1:64342/mcp" },
    { transport: "sse", url: "http://127.0.0.1:64342/sse" },
  ]);
});
