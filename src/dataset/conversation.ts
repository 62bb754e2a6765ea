/**
 * The conversation rules of the chat and tools formats (roles, order, tool-call consistency). The
 * zod schemas in formats.ts run them as a refinement; the hot-loop check runs the same function,
 * so it is written with plain loops and allocates only when it finds a problem.
 */
import type { DatasetMessage, ToolDefinition } from "./formats.ts";

export type Issue = { message: string; path: (string | number)[] };

function argumentsProblem(args: string | Record<string, unknown>): string | undefined {
  if (typeof args !== "string") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    return "arguments are not valid JSON";
  }
  return typeof parsed !== "object" || parsed === null || Array.isArray(parsed) ? "arguments are not a JSON object" : undefined;
}

function hasTool(tools: readonly ToolDefinition[], name: string): boolean {
  for (const tool of tools) if (tool.function.name === name) return true;
  return false;
}

/** Order and consistency rules shared by chat and tools; `tools` is undefined in chat format. */
export function conversationIssues(messages: readonly DatasetMessage[], tools: readonly ToolDefinition[] | undefined): Issue[] {
  const issues: Issue[] = [];
  const add = (message: string, ...path: (string | number)[]) => issues.push({ message, path: ["messages", ...path] });
  if (messages.length === 0) return [{ message: "no messages", path: ["messages"] }];
  // Ids of the calls awaiting a result; a turn rarely has more than a few.
  let open: string[] = [];
  let sawUser = false;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as DatasetMessage;
    if (m.role === "system" && i !== 0) add("system message not first", i);
    if (m.role === "user") sawUser = true;
    // Calls must be answered before the conversation moves on; report each gap once.
    if (m.role !== "tool" && open.length > 0) {
      add(`tool call ${open[0]} has no result`, i);
      open = [];
    }
    if (m.role === "assistant") {
      const calls = m.tool_calls;
      // An assistant message that calls tools may have no content (mlx_lm's own examples).
      if (calls === undefined || calls.length === 0) {
        if (m.content == null || m.content.trim() === "") add("empty content", i, "content");
        continue;
      }
      if (!tools) add("tool_calls in chat format (no tools list)", i, "tool_calls");
      for (let j = 0; j < calls.length; j++) {
        const call = calls[j] as (typeof calls)[number];
        const problem = argumentsProblem(call.function.arguments);
        if (problem) add(`tool call ${call.id}: ${problem}`, i, "tool_calls", j);
        if (tools && !hasTool(tools, call.function.name)) add(`tool call ${call.id}: unknown tool ${call.function.name}`, i, "tool_calls", j);
        open.push(call.id);
      }
    } else if (m.role === "tool") {
      const index = m.tool_call_id === undefined ? -2 : open.indexOf(m.tool_call_id);
      if (index === -2) add("tool result without tool_call_id", i);
      else if (index === -1) add(`tool result ${m.tool_call_id} answers no call`, i);
      else open.splice(index, 1);
    } else if (m.content.trim() === "") {
      add("empty content", i, "content");
    }
  }
  if (!sawUser) add("no user message");
  const last = messages[messages.length - 1];
  if (last && last.role !== "assistant") add("last message not assistant", messages.length - 1);
  return issues;
}
