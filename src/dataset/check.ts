/**
 * The hot-loop row check. A hand-written structural test says whether zod's structure would pass;
 * when it does, only the shared refinement rules run (the same function zod's superRefine calls),
 * and when it does not, zod itself produces the messages. test/dataset/check.test.ts proves both
 * paths agree with `rowProblems` (pure zod) on every fixture row.
 */
import { conversationIssues, conversationOk } from "./conversation.ts";
import type { DatasetFormat } from "./format-detect.ts";
import type { DatasetMessage, ToolDefinition } from "./formats.ts";

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
