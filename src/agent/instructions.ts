/**
 * The system instructions: one set for IDE use (ACP) and one for the terminal (`punie ask`).
 * Built from the tools actually offered so the model is never told about a tool it lacks.
 */
import type { ToolSpec } from "../model/types.ts";

export type InstructionMode = "acp" | "local";

export type InstructionOptions = {
  mode: InstructionMode;
  cwd: string;
  tools: readonly ToolSpec[];
  /** Lines describing IDE abilities (MCP servers) available this session. */
  ideAbilities?: readonly string[];
  /** Extra instructions from settings. */
  extra?: string;
};

let last: { options: InstructionOptions; text: string } | null = null;

/** The same inputs (tool specs are cached objects) give the same text: built once per session. */
function sameInputs(a: InstructionOptions, b: InstructionOptions): boolean {
  return (
    a.mode === b.mode &&
    a.cwd === b.cwd &&
    a.extra === b.extra &&
    a.tools.length === b.tools.length &&
    a.tools.every((tool, index) => tool === b.tools[index]) &&
    (a.ideAbilities ?? []).join("\n") === (b.ideAbilities ?? []).join("\n")
  );
}

export function buildInstructions(options: InstructionOptions): string {
  if (last && sameInputs(last.options, options)) return last.text;
  const text = composeInstructions(options);
  last = { options: { ...options, tools: [...options.tools], ...(options.ideAbilities ? { ideAbilities: [...options.ideAbilities] } : {}) }, text };
  return text;
}

function composeInstructions(options: InstructionOptions): string {
  const where =
    options.mode === "acp"
      ? "You are Punie, a coding agent working inside the user's IDE. Your file reads, edits and commands go through the IDE, which shows each one to the user and asks their permission for edits and commands."
      : "You are Punie, a coding agent working in the user's terminal on a local project. Your file reads, edits and commands act on the project directory only.";
  const toolLines = options.tools.map((tool) => `- ${tool.name}: ${firstSentence(tool.description)}`);
  const sections = [
    where,
    `The project root is ${options.cwd}. Use paths relative to it.`,
    `Tools you can call:\n${toolLines.join("\n") || "- (none this session: answer from what you know)"}`,
  ];
  if (options.ideAbilities && options.ideAbilities.length > 0) {
    sections.push(`IDE abilities available this session (through the IDE's tools):\n${options.ideAbilities.map((line) => `- ${line}`).join("\n")}`);
  }
  sections.push(
    [
      "How to work:",
      "- Read a file before you edit it; never guess its content.",
      "- Briefly explain your plan before making changes, then carry it out step by step.",
      "- Keep to what the user asked: no unrelated refactors, no new files unless needed.",
      "- Prefer small, exact edits over rewriting whole files when an edit tool is available.",
      "- After changing code, run the relevant tests or checks when you can.",
      "- If the user rejects an action, do not retry it: adapt or ask.",
      "- Finish with a short summary of what you did and what is left.",
    ].join("\n"),
  );
  if (options.mode === "local") {
    sections.push("Answer in plain text suited to a terminal. Put code in fenced blocks with a language tag.");
  }
  if (options.extra?.trim()) sections.push(`Project instructions:\n${options.extra.trim()}`);
  return sections.join("\n\n");
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end === -1 ? text : text.slice(0, end + 1);
}
