import { describe, expect, test } from "bun:test";
import { launchCommand, mergeAcpConfig } from "../../src/init/acp-config.ts";
import { stableCommandPath } from "../../src/init/stable-command.ts";

const entry = { command: "/usr/local/bin/punie", args: [], env: { PUNIE_MODEL: "local" } };

describe("acp.json merging", () => {
  test("keeps other agents and unknown keys, adds default_mcp_settings only if missing", () => {
    const merged = mergeAcpConfig(
      { agent_servers: { Other: { command: "/x" } }, extra: 1, default_mcp_settings: { use_idea_mcp: false } },
      "Punie",
      entry,
    );
    expect(merged).toEqual({
      agent_servers: { Other: { command: "/x" }, Punie: entry },
      extra: 1,
      default_mcp_settings: { use_idea_mcp: false },
    });
    expect(mergeAcpConfig({}, "Punie", entry).default_mcp_settings).toEqual({ use_idea_mcp: true, use_custom_mcp: true });
  });
});

describe("launch command", () => {
  test("compiled binary runs itself", () => {
    expect(launchCommand({ execPath: "/opt/homebrew/bin/punie", main: "/$bunfs/root/punie", version: "1.0.0" })).toEqual({
      command: "/opt/homebrew/bin/punie",
      args: [],
    });
  });
  test("a source checkout runs bun with the entry file", () => {
    expect(launchCommand({ execPath: "/usr/bin/bun", main: "/home/u/punie/src/main.ts", version: "1.0.0" })).toEqual({
      command: "/usr/bin/bun",
      args: ["/home/u/punie/src/main.ts"],
    });
  });
  test("bunx (a temporary cache path) runs bun x punie@version", () => {
    expect(
      launchCommand({ execPath: "/Users/u/.bun/bin/bun", main: "/private/tmp/bunx-501-punie@0.1.0/node_modules/punie/bin/punie.js", version: "0.1.0" }),
    ).toEqual({ command: "/Users/u/.bun/bin/bun", args: ["x", "punie@0.1.0"] });
  });
});

describe("stable command path", () => {
  const links: Record<string, string> = {
    "/opt/homebrew/Cellar/punie/1.2.0/bin/punie": "/opt/homebrew/Cellar/punie/1.2.0/bin/punie",
    "/opt/homebrew/bin/punie": "/opt/homebrew/Cellar/punie/1.2.0/bin/punie",
    "/usr/local/bin/punie": "/usr/local/bin/punie",
  };
  const realPath = (path: string) => links[path] ?? null;
  test("the PATH entry that links to the versioned binary is written, not the Cellar path", () => {
    expect(stableCommandPath("/opt/homebrew/Cellar/punie/1.2.0/bin/punie", "/usr/bin:/usr/local/bin:/opt/homebrew/bin", realPath)).toBe(
      "/opt/homebrew/bin/punie",
    );
  });
  test("a binary no PATH entry leads to keeps its own path; relative entries are skipped", () => {
    expect(stableCommandPath("/opt/homebrew/Cellar/punie/1.2.0/bin/punie", "bin:/usr/local/bin", realPath)).toBe(
      "/opt/homebrew/Cellar/punie/1.2.0/bin/punie",
    );
    expect(stableCommandPath("/usr/local/bin/punie", undefined, realPath)).toBe("/usr/local/bin/punie");
  });
});
