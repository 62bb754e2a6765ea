/** `punie ask "PROMPT"`: one request from a terminal, a script or CI, on the local disk. */
import { resolve } from "node:path";
import { defineCommand } from "citty";
import { runLocalPrompt } from "../ask/run.ts";
import { CliError } from "../errors.ts";
import { cliAction } from "./action.ts";

export const askCommand = defineCommand({
  meta: {
    name: "ask",
    description: [
      "Run one request with the agent on a local project: the answer streams to stdout, tool calls show on stderr.",
      "Exit codes: 0 answered, 1 an error ended the turn, 3 a limit stopped it, 130 interrupted.",
      'Example: punie ask --model ollama:qwen2.5-coder:7b "Run the tests and fix what fails"',
    ].join("\n"),
  },
  args: {
    prompt: { type: "positional", description: "The request", required: true },
    workspace: { type: "string", description: "Project folder the agent may use (default: the current directory)", valueHint: "DIR" },
    model: { type: "string", description: "Model spec (env PUNIE_MODEL; see `punie --help`)", valueHint: "SPEC" },
    yes: { type: "boolean", description: "Allow every edit and command inside the workspace without asking" },
    json: { type: "boolean", description: "Print the loop's events as JSON lines on stdout (docs/ask-json.md)" },
    mode: { type: "string", description: "Instruction set: local (default) or acp (env PUNIE_MODE)", valueHint: "acp|local" },
    perf: { type: "boolean", description: "Write an HTML performance report for this prompt (or set PUNIE_PERF=1)" },
  },
  run: cliAction(async ({ args }) => {
    const instructionMode = args.mode ?? process.env.PUNIE_MODE ?? "local";
    if (instructionMode !== "local" && instructionMode !== "acp") throw new CliError(`--mode must be "local" or "acp", not "${instructionMode}".`);
    if (args.prompt.trim() === "") throw new CliError("The prompt is empty: punie ask \"what to do\"");
    return runLocalPrompt({
      prompt: args.prompt,
      workspace: resolve(args.workspace ?? process.cwd()),
      model: args.model,
      yes: args.yes === true,
      json: args.json === true,
      instructionMode,
      perf: args.perf === true || process.env.PUNIE_PERF === "1",
      env: process.env,
    });
  }),
});
