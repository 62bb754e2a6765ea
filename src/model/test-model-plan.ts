/**
 * What the offline test model does, as pure functions: read a prompt into planned tool calls
 * (files to write from code blocks, files to read, commands in backticks), pick the next one not
 * yet tried this turn, and summarise the results in plain words.
 */

export type PlannedAction =
  | { tool: "write_file"; args: { path: string; content: string } }
  | { tool: "read_file"; args: { path: string } }
  | { tool: "list_files"; args: { path: string } }
  | { tool: "search_text"; args: { pattern: string; literal: true } }
  | { tool: "run_command"; args: { command: string; background?: true } }
  | { tool: "wait_for_terminal_exit"; args: { terminal_id: string } };

/** A tool call of this turn with its result (null while it has none). */
export type ActionOutcome = { tool: string; args: Record<string, unknown>; result: string | null };

// A relative path with an extension: src/app.py, ./README.md, notes.md — not /abs, 1.2, e.g.
const PATH = String.raw`(?:\.\/)?(?:[\w-][\w.-]*\/)*[\w-]+(?:\.[\w-]+)*\.[A-Za-z][A-Za-z0-9]{0,9}`;
const PATH_IN_TEXT = new RegExp(String.raw`(?<![\w/.@:-])(${PATH})(?![\w/-])`, "g");
const WHOLE_PATH = new RegExp(String.raw`^${PATH}$`);
const NOT_PATHS = new Set(["e.g", "i.e", "etc.etc"]);
const FENCE = /```[^\n]*\n([\s\S]*?)```/g;
// "list the files in app/web/", "contents of src/": a folder named with a trailing slash.
const LIST_FOLDER = /\b(?:list|files in|contents of)\b[^\n.]*?(?<![\w/.-])((?:[\w-][\w.-]*\/)+)(?![\w/-])/gi;
// "search for `name`", "which file defines `name`": a backticked identifier is looked up, not run.
const SEARCH_WORDS = /\b(?:search|find|locate|grep|where|defines?|defined)\b/i;
const IDENTIFIER = /^[A-Za-z_][\w.]*$/;
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
  const searches: PlannedAction[] = [];
  const searching = SEARCH_WORDS.test(outsideFences);
  const background = /\bin the background\b/i.test(outsideFences);
  const prose = outsideFences.replace(/`([^`\n]+)`/g, (_span, inner: string) => {
    const command = inner.trim();
    const first = command.split(/\s+/)[0] ?? "";
    if (command === "" || isFilePath(first)) return ` ${command} `;
    if (searching && IDENTIFIER.test(command)) {
      searches.push({ tool: "search_text", args: { pattern: command, literal: true } });
      return " ";
    }
    if (!commands.some((action) => action.tool === "run_command" && action.args.command === command)) {
      commands.push({ tool: "run_command", args: background ? { command, background: true } : { command } });
    }
    return " ";
  });
  const lists: PlannedAction[] = [];
  for (const match of prose.matchAll(LIST_FOLDER)) {
    const path = (match[1] ?? "").replace(/\/+$/, "");
    if (path !== "" && !lists.some((action) => action.tool === "list_files" && action.args.path === path)) lists.push({ tool: "list_files", args: { path } });
  }

  const reads: Array<Extract<PlannedAction, { tool: "read_file" }>> = [];
  for (const match of prose.matchAll(PATH_IN_TEXT)) {
    const path = match[1] ?? "";
    if (NOT_PATHS.has(path) || written.has(path) || reads.some((action) => action.args.path === path)) continue;
    reads.push({ tool: "read_file", args: { path } });
  }
  return [...writes, ...lists, ...searches, ...reads, ...commands];
}

/**
 * The first planned action not tried yet in this turn whose tool is offered — or, once a command
 * started in the background, waiting for it — null when done.
 */
export function nextAction(plan: readonly PlannedAction[], done: readonly ActionOutcome[], offered: ReadonlySet<string>): PlannedAction | null {
  const tried = new Set(done.map((outcome) => actionKey(outcome.tool, outcome.args)));
  const untried = (action: PlannedAction) => offered.has(action.tool) && !tried.has(actionKey(action.tool, action.args));
  const waits = done.flatMap((outcome): PlannedAction[] => {
    const id = outcome.tool === "run_command" ? /terminal_id (\S+?)\.?(?:\s|$)/.exec(outcome.result ?? "")?.[1] : undefined;
    return id ? [{ tool: "wait_for_terminal_exit", args: { terminal_id: id } }] : [];
  });
  return waits.find(untried) ?? plan.find(untried) ?? null;
}

function actionKey(tool: string, args: Record<string, unknown>): string {
  return `${tool}\0${String(args.path ?? args.command ?? args.pattern ?? args.terminal_id ?? "")}`;
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
  switch (action.tool) {
    case "run_command":
      return `\`${action.args.command}\``;
    case "search_text":
      return `\`${action.args.pattern}\``;
    case "wait_for_terminal_exit":
      return `terminal ${action.args.terminal_id}`;
    default:
      return action.args.path;
  }
}

function describe(outcome: ActionOutcome): string {
  const subject = String(outcome.args.path ?? outcome.args.command ?? outcome.args.pattern ?? outcome.args.terminal_id ?? "");
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
      const names = [...text.matchAll(/^(?:async\s+)?(?:def|class)\s+(\w+)/gm)].map((match) => match[1]);
      const defines = names.length > 0 ? `; it defines ${names.join(", ")}` : "";
      return `- ${subject}: ${lines} line${lines === 1 ? "" : "s"}${first ? `; the first is: ${first}` : ""}${defines}`;
    }
    case "list_files":
    case "search_text": {
      if (refused || failed) return `- Could not ${outcome.tool === "list_files" ? "list" : "search for"} ${subject}: ${firstLine(result)}`;
      const found = result.replace(/\s+$/, "").split("\n").filter((line) => line.trim() !== "");
      const shown = found.slice(0, 10).map((line) => `    ${line}`).join("\n");
      const more = found.length > 10 ? `\n    … (${found.length - 10} more lines)` : "";
      return `- ${outcome.tool === "list_files" ? `Files in ${subject}` : `Searching for \`${subject}\``}:\n${shown}${more}`;
    }
    case "wait_for_terminal_exit": {
      const [status = "", ...rest] = result.replace(/\s+$/, "").split("\n");
      const tail = rest.slice(-5).map((line) => `    ${line}`).join("\n");
      return `- The background command in terminal ${subject} finished (${status.trim()}); its last lines:\n${tail}`;
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
