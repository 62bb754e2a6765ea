/**
 * `~/.jetbrains/acp.json`: how JetBrains IDEs find ACP agents. Pure merging and the command
 * line that starts this very punie, whichever way it was installed.
 */
import { dirname } from "node:path";

export type AgentServerEntry = { command: string; args: string[]; env: Record<string, string> };

export const DEFAULT_MCP_SETTINGS = { use_idea_mcp: true, use_custom_mcp: true } as const;

/** Merges our entry into an existing config, keeping other agents and unknown keys. */
export function mergeAcpConfig(existing: Record<string, unknown>, name: string, entry: AgentServerEntry): Record<string, unknown> {
  const servers = isRecord(existing.agent_servers) ? existing.agent_servers : {};
  return {
    ...existing,
    default_mcp_settings: existing.default_mcp_settings ?? { ...DEFAULT_MCP_SETTINGS },
    agent_servers: { ...servers, [name]: entry },
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export type LaunchFacts = {
  /** process.execPath: the compiled binary, or bun itself. */
  execPath: string;
  /** Bun.main: the entry script (inside /$bunfs/ when compiled). */
  main: string;
  version: string;
};

/**
 * The absolute command the IDE should run. The IDE does not inherit the shell's PATH, so no bare
 * program names: the compiled binary itself; from a checkout, bun with the entry file; under
 * bunx (a temporary cache path), bun with `x punie@VERSION`.
 */
export function launchCommand(facts: LaunchFacts): { command: string; args: string[] } {
  if (facts.main.startsWith("/$bunfs/") || facts.main.startsWith("B:/~BUN/")) return { command: facts.execPath, args: [] };
  if (isBunxCachePath(facts.main)) return { command: facts.execPath, args: ["x", `punie@${facts.version}`] };
  return { command: facts.execPath, args: [facts.main] };
}

function isBunxCachePath(path: string): boolean {
  const dir = dirname(path);
  return /[\\/]bunx-[^\\/]+[\\/]/.test(dir) || dir.includes("/.bun/install/cache/") || dir.includes("/bun/install/cache/");
}
