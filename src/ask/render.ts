/**
 * How `punie ask` shows the loop's events: the answer streams to stdout, tool calls to stderr as
 * they run (status and duration), or everything as JSON lines (docs/ask-json.md). Pure.
 */
import type { AgentEvent } from "../agent/events.ts";
import { formatMs } from "../format.ts";

export type ToolLine = { title: string; started: boolean };

/** The stderr line for a tool event, or null. `titles` remembers each call's title. */
export function toolEventLine(event: AgentEvent, titles: Map<string, string>, color: boolean): string | null {
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  if (event.type === "tool_call") {
    titles.set(event.toolCallId, event.title);
    return `${paint("36", "▶")} ${event.title}`;
  }
  if (event.type === "tool_call_update" && (event.status === "completed" || event.status === "failed")) {
    const title = titles.get(event.toolCallId) ?? event.toolCallId;
    const duration = event.durationMs === undefined ? "" : ` (${formatMs(event.durationMs)})`;
    if (event.status === "completed") return `${paint("32", "✔")} ${title}${duration}`;
    const reason = event.content?.find((item) => item.type === "text");
    return `${paint("31", "✘")} ${title}${duration}${reason && reason.type === "text" ? `: ${firstLine(reason.text)}` : ""}`;
  }
  return null;
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** The JSON line for an event (stable shape, documented in docs/ask-json.md). */
export function eventJsonLine(event: AgentEvent): string {
  return JSON.stringify(event);
}

/** Exit codes of `punie ask`. */
export const EXIT = { ok: 0, error: 1, limit: 3, interrupted: 130 } as const;

export function exitCodeFor(stopReason: string, error: string | undefined): number {
  if (error !== undefined) return EXIT.error;
  switch (stopReason) {
    case "end_turn":
      return EXIT.ok;
    case "max_tokens":
    case "max_turn_requests":
      return EXIT.limit;
    case "cancelled":
      return EXIT.interrupted;
    default:
      return EXIT.error;
  }
}
