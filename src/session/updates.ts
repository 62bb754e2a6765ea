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
  return content.flatMap((item): acp.ToolCallContent[] => {
    switch (item.type) {
      case "text":
        return [{ type: "content", content: { type: "text", text: item.text } }];
      case "diff":
        return [{ type: "diff", path: item.path, oldText: item.oldText, newText: item.newText }];
      case "terminal":
        if (clientTerminals(item.terminalId)) return [{ type: "terminal", terminalId: item.terminalId }];
        return item.output ? [{ type: "content", content: { type: "text", text: item.output } }] : [];
      default:
        return item satisfies never;
    }
  });
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
