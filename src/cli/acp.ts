/** `punie acp`: the ACP agent on stdio (the same as `punie` with no subcommand). */
import { defineCommand } from "citty";
import { cliAction } from "./action.ts";
import { acpArgs } from "./acp-args.ts";
import { runAcpFromArgs } from "./acp-run.ts";
import type { AcpFlags } from "./agent-flags.ts";

export { runAcpFromArgs } from "./acp-run.ts";

export const acpCommand = defineCommand({
  meta: {
    name: "acp",
    description:
      "Run the ACP agent on stdio (the same as `punie` with no subcommand): what PyCharm, Zed or any ACP client starts.\nExample: punie acp --model ollama:qwen2.5-coder:7b",
  },
  args: acpArgs,
  run: cliAction(async ({ args }: { args: AcpFlags }) => runAcpFromArgs(args)),
});
