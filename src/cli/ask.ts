/** `punie ask PROMPT...`: one request from a terminal, a script or CI, on the local disk. */
import { resolve } from "node:path";
import { defineCommand } from "citty";
import { runLocalPrompt } from "../ask/run.ts";
import { parseMode, PERMISSION_MODE_IDS } from "../permissions/modes.ts";
import { MODE_ENV } from "../settings/load.ts";
import { cliAction } from "./action.ts";
import { UsageError } from "./strict.ts";

export const askCommand = defineCommand({
  meta: {
    name: "ask",
    description: [
      "Run one request with the agent on a local project: the answer streams to stdout, tool calls show on stderr.",
      "Every word after the flags is the prompt; `-` (or a piped stdin and no words) reads it from stdin.",
      "Exit codes: 0 answered, 1 an error ended the turn, 2 a usage mistake, 3 a limit stopped it, 130 interrupted.",
      "Example: punie ask -m ollama:qwen2.5-coder:7b Run the tests and fix what fails",
    ].join("\n"),
  },
  args: {
    prompt: { type: "positional", description: "The request (all words; - reads stdin)", required: false, valueHint: "PROMPT..." },
    workspace: { type: "string", alias: "w", description: "Project folder the agent may use (default: the current directory)", valueHint: "DIR" },
    model: { type: "string", alias: "m", description: "Model spec (env PUNIE_MODEL; see `punie --help`)", valueHint: "SPEC" },
    mode: { type: "string", description: `Permission mode: ${PERMISSION_MODE_IDS.join(", ")} (env ${MODE_ENV}; default from settings, else ask)`, valueHint: "MODE" },
    yes: { type: "boolean", alias: "y", description: "Allow every edit and command inside the workspace without asking (the same as --mode auto)" },
    instructions: { type: "string", description: "Instruction set: local (default) or acp (env PUNIE_MODE)", valueHint: "acp|local" },
    json: { type: "boolean", description: "Print the loop's events as JSON lines on stdout (docs/ask-json.md)" },
    perf: { type: "boolean", description: "Write an HTML performance report for this prompt (or set PUNIE_PERF=1)" },
  },
  run: cliAction(async ({ args: parsed }) => {
    // A plain copy: citty's args are a Proxy that case-converts every name it misses, with
    // regular expressions, on each read (~1 ms over these reads, cold).
    const args = { ...parsed };
    const instructionMode = args.instructions ?? process.env.PUNIE_MODE ?? "local";
    if (instructionMode !== "local" && instructionMode !== "acp") throw new UsageError(`punie ask: --instructions must be "local" or "acp", not "${instructionMode}"`);
    const mode = args.mode === undefined ? undefined : parseMode(args.mode);
    if (mode === null) {
      const instead = args.mode === "local" || args.mode === "acp" ? ` (the instruction set is --instructions ${args.mode})` : "";
      throw new UsageError(`punie ask: --mode must be one of ${PERMISSION_MODE_IDS.join(", ")}, not "${args.mode}"${instead}`);
    }
    if (args.yes && mode !== undefined && mode !== "auto") throw new UsageError(`punie ask: --yes means --mode auto; it cannot go with --mode ${mode}`);
    const prompt = await promptFrom(args._.map(String));
    // The flag wins over settings files the way the environment does; run.ts reads it from there.
    const env = mode === undefined ? process.env : { ...process.env, [MODE_ENV]: mode };
    return runLocalPrompt({
      prompt,
      workspace: resolve(args.workspace ?? process.cwd()),
      model: args.model,
      yes: args.yes === true || mode === "auto",
      json: args.json === true,
      instructionMode,
      perf: args.perf === true || process.env.PUNIE_PERF === "1",
      env,
    });
  }),
});

/** The words joined; `-`, or no words with stdin piped, reads the prompt from stdin. */
async function promptFrom(words: string[]): Promise<string> {
  const fromStdin = words.length === 1 && words[0] === "-" ? true : words.length === 0 && process.stdin.isTTY !== true;
  const prompt = fromStdin ? await Bun.stdin.text() : words.join(" ");
  if (prompt.trim() === "") {
    throw new UsageError(fromStdin ? "punie ask: the prompt read from stdin is empty" : 'punie ask: the prompt is empty: punie ask "what to do" (or pipe it in)');
  }
  return fromStdin ? prompt.trim() : prompt;
}
