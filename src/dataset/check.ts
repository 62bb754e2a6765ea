/**
 * The hot-loop row check. A hand-written structural test says whether zod's structure would pass;
 * when it does, only the shared refinement rules run (the same function zod's superRefine calls),
 * and when it does not, zod itself produces the messages. test/dataset/check.test.ts proves both
 * paths agree with `rowProblems` (pure zod) on every fixture row.
 */
import { argumentsProblem, conversationIssues, conversationOk, hasTool, isBlank } from "./conversation.ts";
import type { DatasetFormat } from "./format-detect.ts";
import type { DatasetMessage, ToolDefinition } from "./formats.ts";
import { withoutTopTier } from "./jit.ts";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const optString = (v: unknown) => v === undefined || typeof v === "string";
const isRecord = (v: unknown) => isObj(v);

function toolCallOk(call: unknown): boolean {
  if (!isObj(call)) return false;
  if (typeof call.id !== "string" || call.id.length === 0) return false;
  if (call.type !== undefined && call.type !== "function") return false;
  const fn = call.function;
  if (!isObj(fn) || typeof fn.name !== "string" || fn.name.length === 0) return false;
  return typeof fn.arguments === "string" || isRecord(fn.arguments);
}

function messageOk(m: unknown): boolean {
  if (!isObj(m)) return false;
  switch (m.role) {
    case "system":
    case "user":
      return typeof m.content === "string";
    case "tool":
      return typeof m.content === "string" && optString(m.tool_call_id) && optString(m.name);
    case "assistant": {
      if (!(m.content === undefined || m.content === null || typeof m.content === "string")) return false;
      if (m.tool_calls === undefined) return true;
      return Array.isArray(m.tool_calls) && allOk(m.tool_calls, toolCallOk);
    }
    default:
      return false;
  }
}

function toolDefinitionOk(t: unknown): boolean {
  if (!isObj(t) || t.type !== "function" || !isObj(t.function)) return false;
  const fn = t.function;
  return (
    typeof fn.name === "string" &&
    fn.name.length > 0 &&
    optString(fn.description) &&
    (fn.parameters === undefined || isRecord(fn.parameters))
  );
}

/** `items.every(ok)` as a plain loop (this runs for every message of every row). */
function allOk(items: readonly unknown[], ok: (item: unknown) => boolean): boolean {
  for (let i = 0; i < items.length; i++) if (!ok(items[i])) return false;
  return true;
}

/** True when zod's structural checks (before refinements) would accept the row. */
export function structureOk(row: Obj, format: DatasetFormat): boolean {
  switch (format) {
    case "chat":
      return Array.isArray(row.messages) && allOk(row.messages, messageOk);
    case "tools":
      return Array.isArray(row.messages) && allOk(row.messages, messageOk) && Array.isArray(row.tools) && allOk(row.tools, toolDefinitionOk);
    case "completions":
      return typeof row.prompt === "string" && row.prompt.trim() !== "" && typeof row.completion === "string" && row.completion.trim() !== "";
    case "text":
      return typeof row.text === "string" && row.text.trim() !== "";
  }
}

// Ids of the calls awaiting a result while `messagesSound` walks a row (it never re-enters).
const awaiting: string[] = [];

/**
 * `structureOk` and `conversationOk` of a chat or tools row in one pass over its messages, with no
 * helper taking a callback: the JIT compiles one small loop instead of two big inlined trees, which
 * cost more compile time than a 50 MB file takes to check. `tools` is undefined in chat format.
 */
function messagesSound(messages: unknown, tools: readonly ToolDefinition[] | undefined): boolean {
  if (!Array.isArray(messages) || messages.length === 0) return false;
  awaiting.length = 0;
  let sawUser = false;
  for (let i = 0; i < messages.length; i++) {
    const m: unknown = messages[i];
    if (!isObj(m)) return false;
    const role = m.role;
    const content = m.content;
    if (role === "tool") {
      const id = m.tool_call_id;
      if (typeof content !== "string" || typeof id !== "string" || !optString(m.name)) return false;
      const index = awaiting.indexOf(id);
      if (index === -1) return false;
      awaiting.splice(index, 1);
      continue;
    }
    if (awaiting.length > 0) return false;
    if (role === "assistant") {
      const calls = m.tool_calls;
      if (calls === undefined || (Array.isArray(calls) && calls.length === 0)) {
        if (typeof content !== "string" || isBlank(content)) return false;
        continue;
      }
      if (!Array.isArray(calls) || !tools || !(content === undefined || content === null || typeof content === "string")) return false;
      for (let j = 0; j < calls.length; j++) {
        const call: unknown = calls[j];
        if (!toolCallOk(call)) return false;
        const fn = (call as { id: string; function: { name: string; arguments: string | Obj } }).function;
        if (argumentsProblem(fn.arguments) !== undefined || !hasTool(tools, fn.name)) return false;
        awaiting.push((call as { id: string }).id);
      }
      continue;
    }
    if (role === "user") sawUser = true;
    else if (role !== "system" || i !== 0) return false;
    if (typeof content !== "string" || isBlank(content)) return false;
  }
  return sawUser && (messages[messages.length - 1] as Obj).role === "assistant";
}

/**
 * True exactly when `quickCheck` finds nothing wrong (test/dataset/check.test.ts holds them to it):
 * the hot path of `validate`, where almost every row is sound.
 */
export function rowSound(row: Obj, format: DatasetFormat): boolean {
  switch (format) {
    case "chat":
      return messagesSound(row.messages, undefined);
    case "tools": {
      const tools = row.tools;
      if (!Array.isArray(tools)) return false;
      for (let i = 0; i < tools.length; i++) if (!toolDefinitionOk(tools[i])) return false;
      return messagesSound(row.messages, tools as ToolDefinition[]);
    }
    default:
      return structureOk(row, format);
  }
}

withoutTopTier(isObj, optString, toolCallOk, toolDefinitionOk, messageOk, allOk, structureOk, messagesSound, rowSound);

/**
 * Every problem of a structurally sound row, as `rowProblems` reports them, at hot-loop speed; null
 * when the structure is wrong and only zod can say how (see `checkRow`).
 */
export function quickCheck(row: Obj, format: DatasetFormat): string[] | null {
  if (!structureOk(row, format)) return null;
  if (format === "completions" || format === "text") return [];
  const tools = format === "tools" ? (row.tools as ToolDefinition[]) : undefined;
  if (conversationOk(row.messages as DatasetMessage[], tools)) return [];
  const issues = conversationIssues(row.messages as DatasetMessage[], tools);
  return issues.length === 0 ? [] : issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

let zodProblems: ((row: unknown, format: DatasetFormat) => string[]) | undefined;

/** Every problem of a row, exactly as `rowProblems` (zod) reports them. */
export async function checkRow(row: Obj, format: DatasetFormat): Promise<string[]> {
  const quick = quickCheck(row, format);
  if (quick) return quick;
  zodProblems ??= (await import("./formats.ts")).rowProblems;
  return zodProblems(row, format);
}

/** The same, synchronously, for callers that have zod loaded anyway. */
export function checkRowSync(row: Obj, format: DatasetFormat, problems: (row: unknown, format: DatasetFormat) => string[]): string[] {
  return quickCheck(row, format) ?? problems(row, format);
}
