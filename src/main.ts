#!/usr/bin/env bun
/**
 * Entry point of the `punie` binary. A plain agent start (what an IDE runs) goes straight to the
 * ACP agent without loading the CLI framework; everything else goes through cli/ without loading
 * the agent.
 */
import { agentStartFlags } from "./cli/agent-flags.ts";

const argv = process.argv.slice(2);
const flags = agentStartFlags(argv);
if (flags) {
  const { runAgentFromMain } = await import("./cli/acp-run.ts");
  await runAgentFromMain(flags);
} else {
  const { runCli } = await import("./cli/index.ts");
  await runCli(argv);
}
