/**
 * The permission question `punie ask` shows (pure): what is approved — the diff of a write or edit,
 * the full command line — and the gate's own option names, each with the key that picks it.
 * Keys belong to option ids (never to positions), and typing an option id works too. On a terminal
 * one key answers at once (`keyAnswer`); otherwise a line is read (`answerToOption`).
 */
import { relative } from "node:path";
import { ALLOW_ONCE, ALLOW_PROJECT, ALLOW_SESSION, REJECT_ONCE } from "../permissions/policy-gate.ts";
import { unifiedDiff } from "../tools/diff.ts";
import type { PermissionOption, PermissionRequest } from "../workspace/types.ts";

/** The key that picks each of the gate's options. */
const KEYS: Record<string, string> = { [ALLOW_ONCE]: "y", [ALLOW_SESSION]: "a", [ALLOW_PROJECT]: "p", [REJECT_ONCE]: "n" };
/** Words people type for the same options. */
const WORDS: Record<string, string> = { yes: ALLOW_ONCE, always: ALLOW_SESSION, project: ALLOW_PROJECT, no: REJECT_ONCE };

/** Longest diff shown in full; the rest is summarised (the IDE or `git diff` shows it all). */
const MAX_DIFF_LINES = 80;

/** Each option with its key: the gate's own ones by id, any other by its number. */
export function optionKeys(options: readonly PermissionOption[]): { key: string; option: PermissionOption }[] {
  let other = 0;
  return options.map((option) => ({ key: KEYS[option.optionId] ?? String(++other), option }));
}

/** The option id a typed answer picks, or null when it picks none. An empty answer rejects. */
export function answerToOption(answer: string, options: readonly PermissionOption[]): string | null {
  const typed = answer.trim().toLowerCase();
  const offered = (id: string | undefined) => (id !== undefined && options.some((option) => option.optionId === id) ? id : null);
  if (typed === "") return offered(REJECT_ONCE) ?? options.find((option) => option.kind === "reject_once")?.optionId ?? null;
  const byKey = optionKeys(options).find((entry) => entry.key === typed);
  if (byKey) return byKey.option.optionId;
  return offered(WORDS[typed]) ?? options.find((option) => option.optionId.toLowerCase() === typed)?.optionId ?? null;
}

/** Whether every option has a one-character key, so that one key press can answer. */
export function answersByKey(options: readonly PermissionOption[]): boolean {
  return optionKeys(options).every((entry) => entry.key.length === 1);
}

/** What keys pressed on a terminal in raw mode do at the question. */
export type KeyAnswer =
  | { kind: "selected"; optionId: string; key: string }
  /** Ctrl-C: the terminal's interrupt (raw mode turns it into a byte). */
  | { kind: "interrupt" }
  /** A printable key that picks nothing. */
  | { kind: "unknown"; key: string }
  /** Nothing to act on: Enter, other control keys, arrows and other escape sequences. */
  | { kind: "ignored" };

/**
 * The keys of one read from the terminal, in order, until one acts (a paste "yes" answers with its
 * "y"). Enter picks nothing: an Enter pressed out of habit after a key (the line prompt needed it)
 * reaches the next question, and must not answer it.
 */
export function keyAnswer(keys: string, options: readonly PermissionOption[]): KeyAnswer {
  const keyed = optionKeys(options);
  // An escape sequence (an arrow, a function key) is one key: skipped whole.
  for (const [key] of keys.matchAll(/\x1b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?|[\s\S]/gu)) {
    if (key === "\x03") return { kind: "interrupt" };
    if (key.startsWith("\x1b") || key < " " || key === "\x7f") continue;
    const picked = keyed.find((entry) => entry.key === key.toLowerCase());
    return picked ? { kind: "selected", optionId: picked.option.optionId, key: picked.key } : { kind: "unknown", key };
  }
  return { kind: "ignored" };
}

/** `singleKey`: the answer is one key press (no Enter), so the prompt says nothing of Enter. */
export type QuestionStyle = { color: boolean; cwd: string; singleKey?: boolean };

/** The question's lines, ending with the answer prompt (no trailing newline). */
export function permissionQuestion(request: PermissionRequest, style: QuestionStyle): string {
  const paint = (code: string, text: string) => (style.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines = [`${paint("1;33", "?")} ${paint("1", `Allow Punie to ${asVerb(request.title)}?`)}`];
  if (request.command !== undefined) lines.push(`  ${paint("2", "$")} ${request.command}`);
  for (const item of request.content ?? []) {
    if (item.type !== "diff") continue;
    const shown = relative(style.cwd, item.path) || item.path;
    lines.push(...diffLines(unifiedDiff(shown, item.oldText ?? "", item.newText), item.oldText === null, paint));
  }
  const keyed = optionKeys(request.options);
  for (const { key, option } of keyed) lines.push(`  ${paint("1", `[${key}]`)} ${option.name}`);
  // An empty line rejects (answerToOption): say so, since a bare Enter is easy to press.
  const enter = style.singleKey || answerToOption("", request.options) === null ? "" : "; Enter rejects";
  lines.push(`Answer (${keyed.map((entry) => entry.key).join("/")}${enter}): `);
  return lines.join("\n");
}

/** "Run git status" → "run git status" (titles are verb phrases), leaving "README…" or "MCP…" as they are. */
function asVerb(title: string): string {
  return /^[A-Z][a-z]/.test(title) ? `${title.charAt(0).toLowerCase()}${title.slice(1)}` : title;
}

function diffLines(diff: string, created: boolean, paint: (code: string, text: string) => string): string[] {
  if (diff === "") return [`  ${paint("2", created ? "(a new, empty file)" : "(no change)")}`];
  const lines = diff.replace(/\n$/, "").split("\n");
  const shown = lines.slice(0, MAX_DIFF_LINES).map((line) => {
    if (line.startsWith("+++") || line.startsWith("---")) return `  ${paint("1", line)}`;
    if (line.startsWith("+")) return `  ${paint("32", line)}`;
    if (line.startsWith("-")) return `  ${paint("31", line)}`;
    if (line.startsWith("@@")) return `  ${paint("36", line)}`;
    return `  ${line}`;
  });
  if (lines.length > MAX_DIFF_LINES) shown.push(`  ${paint("2", `… ${lines.length - MAX_DIFF_LINES} more lines`)}`);
  return shown;
}
