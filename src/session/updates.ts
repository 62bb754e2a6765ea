/**
 * Pure mappers from agent events to ACP `session/update` payloads (table-tested). The SDK drops
 * an update that fails its schema with only a console.error, so every shape here must be exact.
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { AgentEvent } from "../agent/events.ts";
import type { ToolContent } from "../tools/types.ts";

export function textChunk(kind: "agent_message_chunk" | "agent_thought_chunk" | "user_message_chunk", text: string): acp.SessionUpdate {
  return { sessionUpdate: kind, content: { type: "text", text } };
}

/** Whether the client created a terminal (and so can show it); never true in a replay. */
export type ClientTerminals = (terminalId: string) => boolean;

const NO_CLIENT_TERMINALS: ClientTerminals = () => false;

/**
 * Tool content as ACP content. `terminal` content goes only to a client that created that
 * terminal: any other client (no terminal capability, a replay) would hold a dead id, so it gets
 * the terminal's output as text, or nothing when there is none yet.
 */
export function toAcpContent(content: readonly ToolContent[], clientTerminals: ClientTerminals = NO_CLIENT_TERMINALS): acp.ToolCallContent[] {
  // A plain loop: this runs for every tool call update, and flatMap's machinery costs a cold process more.
  const out: acp.ToolCallContent[] = [];
  for (const item of content) {
    switch (item.type) {
      case "text":
        out.push({ type: "content", content: { type: "text", text: item.text } });
        break;
      case "diff":
        out.push({ type: "diff", path: item.path, oldText: item.oldText, newText: item.newText });
        break;
      case "terminal":
        if (clientTerminals(item.terminalId)) out.push({ type: "terminal", terminalId: item.terminalId });
        else if (item.output) out.push({ type: "content", content: { type: "text", text: item.output } });
        break;
      default:
        item satisfies never;
    }
  }
  return out;
}

/** The update for one agent event, or null when the event has no IDE counterpart. */
export function eventToUpdate(event: AgentEvent, clientTerminals: ClientTerminals = NO_CLIENT_TERMINALS): acp.SessionUpdate | null {
  switch (event.type) {
    case "text":
      return event.text === "" ? null : textChunk("agent_message_chunk", event.text);
    case "thought":
      return event.text === "" ? null : textChunk("agent_thought_chunk", event.text);
    case "error":
      return textChunk("agent_message_chunk", `${event.message}\n`);
    case "tool_call":
      return {
        sessionUpdate: "tool_call",
        toolCallId: event.toolCallId,
        title: event.title,
        kind: event.kind,
        status: "pending",
        locations: event.locations.map((location) => ({ path: location.path, ...(location.line ? { line: location.line } : {}) })),
        rawInput: event.rawInput,
      };
    case "tool_call_update": {
      // Content that maps to nothing (a terminal the client cannot show) leaves what is shown alone.
      const content = event.content ? toAcpContent(event.content, clientTerminals) : [];
      return {
        sessionUpdate: "tool_call_update",
        toolCallId: event.toolCallId,
        status: event.status,
        ...(content.length > 0 || event.content?.length === 0 ? { content } : {}),
        ...(event.rawOutput === undefined ? {} : { rawOutput: event.rawOutput }),
      };
    }
    case "model_request":
    case "usage":
      return null;
    default:
      return event satisfies never;
  }
}
