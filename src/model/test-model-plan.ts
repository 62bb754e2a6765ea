/**
 * What the offline test model does, as pure functions: read a prompt into planned tool calls
 * (files to write from code blocks, files to read, commands in backticks), pick the next one not
 * yet tried this turn, and summarise the results in plain words.
 */

export type PlannedAction =
  | { tool: "write_file"; args: { path: string; content: string } }
  | { tool: "read_file"; args: { path: string } }
  | { tool: "run_command"; args: { command: string } };

/** A tool call of this turn with its result (null while it has none). */
export type ActionOutcome = { tool: string; args: Record<string, unknown>; result: string | null };

// A relative path with an extension: src/app.py, ./README.md, notes.md — not /abs, 1.2, e.g.
const PATH = String.raw`(?:\.\/)?(?:[\w-][\w.-]*\/)*[\w-]+(?:\.[\w-]+)*\.[A-Za-z][A-Za-z0-9]{0,9}`;
const PATH_IN_TEXT = new RegExp(String.raw`(?<![\w/.@:-])(${PATH})(?![\w/-])`, "g");
const WHOLE_PATH = new RegExp(String.raw`^${PATH}$`);
const NOT_PATHS = new Set(["e.g", "i.e", "etc.etc"]);
const FENCE = /```[^\n]*\n([\s\S]*?)```/g;
const WRITE_VERB = new RegExp(String.raw`\b(?:write|create|save|add|make)\b[^\n]*?[\`"']?(${PATH})`, "gi");

export function isFilePath(word: string): boolean {
  return WHOLE_PATH.test(word) && !NOT_PATHS.has(word);
}

/** Turns a prompt into tool calls: writes first, then reads, then commands, in prompt order. */
export function planFromPrompt(prompt: string): PlannedAction[] {
  const writes: Array<Extract<PlannedAction, { tool: "write_file" }>> = [];
  let previousEnd = 0;
  for (const block of prompt.matchAll(FENCE)) {
    const before = prompt.slice(previousEnd, block.index);
    const target = [...before.matchAll(WRITE_VERB)].at(-1)?.[1];
    if (target && !NOT_PATHS.has(target)) writes.push({ tool: "write_file", args: { path: target, content: block[1] ?? "" } });
    previousEnd = block.index + block[0].length;
  }
  const written = new Set(writes.map((action) => action.args.path));
  const outsideFences = prompt.replace(FENCE, " ");

  const commands: PlannedAction[] = [];
  const prose = outsideFences.replace(/`([^`\n]+)`/g, (_span, inner: string) => {
    const command = inner.trim();
    const first = command.split(/\s+/)[0] ?? "";
    if (command === "" || isFilePath(first)) return ` ${command} `;
    if (!commands.some((action) => action.tool === "run_command" && action.args.command === command)) {
      commands.push({ tool: "run_command", args: { command } });
    }
    return " ";
  });

  const reads: Array<Extract<PlannedAction, { tool: "read_file" }>> = [];
  for (const match of prose.matchAll(PATH_IN_TEXT)) {
    const path = match[1] ?? "";
    if (NOT_PATHS.has(path) || written.has(path) || reads.some((action) => action.args.path === path)) continue;
    reads.push({ tool: "read_file", args: { path } });
  }
  return [...writes, ...reads, ...commands];
}

/** The first planned action not tried yet in this turn whose tool is offered; null when done. */
export function nextAction(plan: readonly PlannedAction[], done: readonly ActionOutcome[], offered: ReadonlySet<string>): PlannedAction | null {
  const tried = new Set(done.map((outcome) => actionKey(outcome.tool, outcome.args)));
  return plan.find((action) => offered.has(action.tool) && !tried.has(actionKey(action.tool, action.args))) ?? null;
}

function actionKey(tool: string, args: Record<string, unknown>): string {
  return `${tool}\0${String(args.path ?? args.command ?? "")}`;
}

export const TEST_MODEL_NOTICE =
  "This is Punie's offline test model (no AI): it reads the files your prompt names, runs the commands you put in backticks, writes the code blocks you ask it to, and reports what happened.";

/** The final answer, as paragraphs to stream one by one. */
export function summarise(plan: readonly PlannedAction[], outcomes: readonly ActionOutcome[], offered: ReadonlySet<string>): string[] {
  const parts = [`${TEST_MODEL_NOTICE}\n\n`];
  if (plan.length === 0) {
    parts.push(
      "Your prompt named no files, no commands in backticks and no code blocks to write, so there was nothing to do. " +
        "Try: read README.md and run `ls`.\n",
    );
    return parts;
  }
  for (const outcome of outcomes) parts.push(`${describe(outcome)}\n`);
  const skipped = plan.filter((action) => !offered.has(action.tool));
  for (const action of skipped) parts.push(`- Could not ${action.tool.replace("_", " ")} ${label(action)}: the tool is not available here.\n`);
  return parts;
}

function label(action: PlannedAction): string {
  return action.tool === "run_command" ? `\`${action.args.command}\`` : action.args.path;
}

function describe(outcome: ActionOutcome): string {
  const subject = String(outcome.args.path ?? outcome.args.command ?? "");
  const result = outcome.result ?? "(no result)";
  const refused = result.startsWith("Permission denied");
  const failed = result.startsWith("Error:");
  switch (outcome.tool) {
    case "read_file": {
      if (refused || failed) return `- Could not read ${subject}: ${firstLine(result)}`;
      // Drop read_file's paging note: it is not part of the file.
      const text = result.replace(/\n\n\[Showing lines [\s\S]*$/, "");
      const lines = text === "" ? 0 : text.replace(/\n$/, "").split("\n").length;
      const first = firstLine(text);
      return `- ${subject}: ${lines} line${lines === 1 ? "" : "s"}${first ? `; the first is: ${first}` : ""}`;
    }
    case "run_command": {
      if (refused) return `- Running \`${subject}\` was refused: ${firstLine(result)}`;
      if (failed) return `- \`${subject}\` could not run: ${firstLine(result)}`;
      const [status = "", ...rest] = result.replace(/\s+$/, "").split("\n");
      const output = rest.slice(0, 5).map((line) => `    ${line}`).join("\n");
      const more = rest.length > 5 ? `\n    … (${rest.length - 5} more lines)` : "";
      return `- \`${subject}\`: ${status.trim()}${output ? `\n${output}${more}` : ""}`;
    }
    case "write_file":
      if (refused) return `- Writing ${subject} was refused: ${firstLine(result)}`;
      if (failed) return `- Could not write ${subject}: ${firstLine(result)}`;
      return `- Wrote ${subject}.`;
    default:
      return `- ${outcome.tool}: ${firstLine(result)}`;
  }
}

function firstLine(text: string): string {
  const line = text.split("\n").find((candidate) => candidate.trim() !== "") ?? "";
  return line.length > 160 ? `${line.slice(0, 160)}…` : line.trim();
}
