/**
 * The conversation rules of the chat and tools formats (roles, order, tool-call consistency). The
 * zod schemas in formats.ts run them as a refinement; the hot-loop check runs the same function,
 * so it is written with plain loops and allocates only when it finds a problem.
 */
import type { DatasetMessage, ToolDefinition } from "./formats.ts";
import { withoutTopTier } from "./jit.ts";

export type Issue = { message: string; path: (string | number)[] };

export function argumentsProblem(args: string | Record<string, unknown>): string | undefined {
  if (typeof args !== "string") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return "arguments are not valid JSON";
  }
  return typeof parsed !== "object" || parsed === null || Array.isArray(parsed) ? "arguments are not a JSON object" : undefined;
}

export function hasTool(tools: readonly ToolDefinition[], name: string): boolean {
  for (const tool of tools) if (tool.function.name === name) return true;
  return false;
}

/** True when `text.trim()` would be "" (the first character usually settles it without a copy). */
export function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return text.trim() === "";
}

function withIssue(issues: Issue[] | null, message: string, path: (string | number)[]): Issue[] {
  const list = issues ?? [];
  list.push({ message, path: ["messages", ...path] });
  return list;
}

// Shared by every sound row: frozen, so a caller that pushes to it fails loudly instead of leaking.
const NO_ISSUES = Object.freeze([]) as unknown as Issue[];
// Ids of the calls awaiting a result; reused between rows (the function never re-enters).
const open: string[] = [];

/**
 * True exactly when `conversationIssues` finds nothing (test/dataset/check.test.ts holds them to
 * it). Small on purpose: it runs on every row, and the JIT's cost grows with a function's size,
 * which for the message-building version was more than the checking itself.
 */
export function conversationOk(messages: readonly DatasetMessage[], tools: readonly ToolDefinition[] | undefined): boolean {
  if (messages.length === 0) return false;
  open.length = 0;
  let sawUser = false;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as DatasetMessage;
    if (m.role === "tool") {
      const index = m.tool_call_id === undefined ? -1 : open.indexOf(m.tool_call_id);
      if (index === -1) return false;
      open.splice(index, 1);
      continue;
    }
    if (open.length > 0) return false;
    if (m.role === "assistant") {
      const calls = m.tool_calls;
      if (calls === undefined || calls.length === 0) {
        if (m.content == null || isBlank(m.content)) return false;
        continue;
      }
      if (!tools) return false;
      for (let j = 0; j < calls.length; j++) {
        const call = calls[j] as (typeof calls)[number];
        if (argumentsProblem(call.function.arguments) !== undefined || !hasTool(tools, call.function.name)) return false;
        open.push(call.id);
      }
      continue;
    }
    if (m.role === "system" && i !== 0) return false;
    if (m.role === "user") sawUser = true;
    if (isBlank(m.content)) return false;
  }
  return sawUser && (messages[messages.length - 1] as DatasetMessage).role === "assistant";
}

withoutTopTier(argumentsProblem, hasTool, isBlank, conversationOk);

/**
 * Order and consistency rules shared by chat and tools; `tools` is undefined in chat format.
 * Allocates nothing for a sound row: this runs on every row of `validate`.
 */
export function conversationIssues(messages: readonly DatasetMessage[], tools: readonly ToolDefinition[] | undefined): Issue[] {
  if (messages.length === 0) return [{ message: "no messages", path: ["messages"] }];
  let issues: Issue[] | null = null;
  open.length = 0;
  let sawUser = false;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as DatasetMessage;
    if (m.role === "system" && i !== 0) issues = withIssue(issues, "system message not first", [i]);
    if (m.role === "user") sawUser = true;
    // Calls must be answered before the conversation moves on; report each gap once.
    if (m.role !== "tool" && open.length > 0) {
      issues = withIssue(issues, `tool call ${open[0]} has no result`, [i]);
      open.length = 0;
    }
    if (m.role === "assistant") {
      const calls = m.tool_calls;
      // An assistant message that calls tools may have no content (mlx_lm's own examples).
      if (calls === undefined || calls.length === 0) {
        if (m.content == null || isBlank(m.content)) issues = withIssue(issues, "empty content", [i, "content"]);
        continue;
      }
      if (!tools) issues = withIssue(issues, "tool_calls in chat format (no tools list)", [i, "tool_calls"]);
      for (let j = 0; j < calls.length; j++) {
        const call = calls[j] as (typeof calls)[number];
        const problem = argumentsProblem(call.function.arguments);
        if (problem) issues = withIssue(issues, `tool call ${call.id}: ${problem}`, [i, "tool_calls", j]);
        if (tools && !hasTool(tools, call.function.name)) issues = withIssue(issues, `tool call ${call.id}: unknown tool ${call.function.name}`, [i, "tool_calls", j]);
        open.push(call.id);
      }
    } else if (m.role === "tool") {
      const index = m.tool_call_id === undefined ? -2 : open.indexOf(m.tool_call_id);
      if (index === -2) issues = withIssue(issues, "tool result without tool_call_id", [i]);
      else if (index === -1) issues = withIssue(issues, `tool result ${m.tool_call_id} answers no call`, [i]);
      else open.splice(index, 1);
    } else if (isBlank(m.content)) {
      issues = withIssue(issues, "empty content", [i, "content"]);
    }
  }
  if (!sawUser) issues = withIssue(issues, "no user message", []);
  const last = messages[messages.length - 1];
  if (last && last.role !== "assistant") issues = withIssue(issues, "last message not assistant", [messages.length - 1]);
  return issues ?? NO_ISSUES;
}
