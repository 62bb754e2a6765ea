/**
 * The terminal front end: the same agent loop as the IDE, on a LocalWorkspace, with events shown
 * on the terminal (or as JSON lines), the turn recorded, and an exit code for scripts.
 */
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { AgentEvent } from "../agent/events.ts";
import { buildInstructions, type InstructionMode } from "../agent/instructions.ts";
import { runTurn } from "../agent/loop.ts";
import { cliConsole } from "../cli/console.ts";
import { CliError } from "../errors.ts";
import { punieHome } from "../home.ts";
import { createModel, modelOptionsFromEnv } from "../model/index.ts";
import { createPolicyGate } from "../permissions/policy-gate.ts";
import { loadSettings } from "../settings/load.ts";
import { toolSpecs } from "../tools/index.ts";
import { createLocalWorkspace } from "../workspace/local-workspace.ts";
import { refuseWithoutTerminal, terminalPermission } from "./terminal-permission.ts";
import { eventJsonLine, EXIT, exitCodeFor, toolEventLine } from "./render.ts";
import { openRecording, toStoredDecision } from "../session/recording.ts";
import { answerCheckFor, sessionTools } from "../session/tools.ts";

export type LocalPromptOptions = {
  prompt: string;
  workspace: string;
  model: string | undefined;
  yes: boolean;
  json: boolean;
  instructionMode: InstructionMode;
  perf: boolean;
  env: Record<string, string | undefined>;
};

export async function runLocalPrompt(options: LocalPromptOptions): Promise<number> {
  const { env } = options;
  const info = await stat(options.workspace).catch(() => null);
  if (!info?.isDirectory()) throw new CliError(`Workspace ${options.workspace} is not a folder.`);
  const settings = await loadSettings({ workspace: options.workspace, env, flags: { model: options.model } });
  const spec = settings.model ?? "local";
  const model = createModel(spec, env, modelOptionsFromEnv(env));
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  // --yes is the auto mode: edits inside the workspace and commands started in it are allowed;
  // deny rules still apply, and what auto still asks (a line that cannot be parsed while deny
  // rules exist) is asked on the terminal, or refused without one.
  const mode = options.yes ? "auto" : settings.mode;
  const askPermission = interactive ? terminalPermission(process.stdin, process.stderr) : refuseWithoutTerminal;
  const workspace = createLocalWorkspace({ root: options.workspace, askPermission });
  const recording = openRecording({ env, cwd: workspace.cwd, model: spec, log: (message) => cliConsole.warn(message) });
  const tools = await sessionTools(workspace.cwd, env);
  const instructions = buildInstructions({ mode: options.instructionMode, cwd: workspace.cwd, tools: toolSpecs(tools), extra: settings.instructions });
  const recorder = recording.startTurn({ prompt: options.prompt, instructions, tools: toolSpecs(tools), backend: "local", frontend: "ask" });
  const permissions = createPolicyGate({
    workspace,
    getMode: () => mode,
    rules: settings.rules,
    roots: [workspace.cwd],
    projectRules: recording.projectRules(workspace.cwd),
    onDecision: (record) => recorder.permission(toStoredDecision(record)),
  });

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  const titles = new Map<string, string>();
  const color = process.stderr.isTTY === true && !env.NO_COLOR;
  let endsWithNewline = true;
  const onEvent = (event: AgentEvent) => {
    recorder.push(event);
    if (options.json) {
      process.stdout.write(`${eventJsonLine(event)}\n`);
      return;
    }
    if (event.type === "text") {
      process.stdout.write(event.text);
      endsWithNewline = event.text.endsWith("\n");
      return;
    }
    if (event.type === "error") {
      process.stderr.write(`${event.message}\n`);
      return;
    }
    const line = toolEventLine(event, titles, color);
    if (line) {
      if (!endsWithNewline) process.stdout.write("\n");
      endsWithNewline = true;
      process.stderr.write(`${line}\n`);
    }
  };

  try {
    const checkAnswer =
      (settings.pythonCheck ?? options.instructionMode === "local") ? answerCheckFor(workspace.cwd, env, (message) => cliConsole.debug(message)) : null;
    const result = await runTurn({
      model,
      tools,
      instructions,
      history: [],
      prompt: options.prompt,
      workspace,
      permissions,
      signal: controller.signal,
      onEvent,
      limits: settings.limits,
      ...(checkAnswer ? { checkAnswer } : {}),
    });
    if (!options.json && !endsWithNewline) process.stdout.write("\n");
    const record = recording.finishTurn(recorder, result);
    if (options.json) process.stdout.write(`${JSON.stringify({ type: "done", stopReason: result.stopReason, usage: result.usage, ...(result.error ? { error: result.error } : {}) })}\n`);
    if (options.perf) {
      const { renderTurnReport } = await import("../perf/index.ts");
      const dir = join(punieHome(env), "perf");
      await mkdir(dir, { recursive: true });
      const file = join(dir, `ask-${new Date().toISOString().replaceAll(":", "-")}.html`);
      await Bun.write(file, renderTurnReport(record));
      cliConsole.info(`Performance report: ${file}`);
    }
    if (result.stopReason === "max_turn_requests") cliConsole.warn("Stopped: too many model requests for one prompt.");
    if (result.stopReason === "max_tokens") cliConsole.warn("Stopped: the model reached its output token limit.");
    return controller.signal.aborted ? EXIT.interrupted : exitCodeFor(result.stopReason, result.error);
  } finally {
    process.off("SIGINT", onSigint);
    await workspace.dispose();
    recording.close();
  }
}
