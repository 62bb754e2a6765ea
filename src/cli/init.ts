/** `punie init`: registers Punie with JetBrains IDEs in ~/.jetbrains/acp.json. */
import { copyFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { defineCommand } from "citty";
import { cliConsole as consola } from "./console.ts";
import { CliError } from "../errors.ts";
import { launchCommand, mergeAcpConfig } from "../init/acp-config.ts";
import { readExistingConfig } from "../init/existing-config.ts";
import { stableCommandPath } from "../init/stable-command.ts";
import { parseModelSpec } from "../model/spec.ts";
import { VERSION } from "../version.ts";
import { cliAction } from "./action.ts";

export const initCommand = defineCommand({
  meta: {
    name: "init",
    description:
      "Register Punie as an ACP agent for PyCharm and other JetBrains IDEs (writes or merges ~/.jetbrains/acp.json).\nExample: punie init --model local:qwen2.5-coder-7b-instruct",
  },
  args: {
    output: { type: "string", alias: "o", description: "Config file to write (default ~/.jetbrains/acp.json)", valueHint: "PATH" },
    model: { type: "string", alias: "m", description: "Model spec the IDE session uses (stored as env.PUNIE_MODEL; default local)", valueHint: "SPEC" },
    name: { type: "string", description: "Agent name shown in the IDE (default Punie)", valueHint: "NAME" },
    force: { type: "boolean", description: "Replace a config file that is not valid JSON (a .bak copy is kept)" },
  },
  run: cliAction(async ({ args }) => {
    const output = args.output ? resolve(args.output) : join(process.env.HOME || homedir(), ".jetbrains", "acp.json");
    const model = args.model ?? "local";
    parseModelSpec(model, process.env); // a bad spec fails here, not later in the IDE
    const name = args.name ?? "Punie";
    const existing = await readExisting(output, args.force === true);
    const launch = launchCommand({ execPath: stableCommandPath(process.execPath, process.env.PATH), main: Bun.main, version: VERSION });
    const entry = { command: launch.command, args: launch.args, env: { PUNIE_MODEL: model } };
    const config = mergeAcpConfig(existing, name, entry);
    await mkdir(dirname(output), { recursive: true });
    const temp = `${output}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(config, null, 2)}\n`);
    // A failed rename (the target is a folder, say) leaves no temp file beside it.
    await rename(temp, output).catch(async (error: unknown) => {
      await rm(temp, { force: true });
      throw error;
    });
    consola.success(`Wrote agent "${name}" to ${output}`);
    process.stdout.write(`${JSON.stringify({ [name]: entry }, null, 2)}\n`);
    consola.info("Restart the IDE's AI Assistant (or the IDE) and pick the agent in the chat's agent menu.");
  }),
});

async function readExisting(path: string, force: boolean): Promise<Record<string, unknown>> {
  const existing = await readExistingConfig(path);
  if (existing.kind === "missing") return {};
  if (existing.kind === "ok") return existing.config;
  const { problem } = existing;
  if (existing.kind === "unreadable") throw new CliError(`${path} was left untouched: ${problem}. Fix it, or write elsewhere with --output.`);
  if (!force) throw new CliError(`${path} was left untouched: ${problem}. Fix it, or run again with --force to replace it (a .bak copy is kept).`);
  await copyFile(path, `${path}.bak`);
  // One plain line, as every command warns (consola's WARN badge sits between blank lines).
  process.stderr.write(`warning: replaced ${path} (${problem}); the old file is at ${path}.bak\n`);
  return {};
}
