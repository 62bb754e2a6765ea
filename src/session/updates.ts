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

export function toAcpContent(content: readonly ToolContent[]): acp.ToolCallContent[] {
  return content.map((item): acp.ToolCallContent => {
    switch (item.type) {
      case "text":
        return { type: "content", content: { type: "text", text: item.text } };
      case "diff":
        return { type: "diff", path: item.path, oldText: item.oldText, newText: item.newText };
      case "terminal":
        return { type: "terminal", terminalId: item.terminalId };
      default:
        return item satisfies never;
    }
  });
}

/** The update for one agent event, or null when the event has no IDE counterpart. */
export function eventToUpdate(event: AgentEvent): acp.SessionUpdate | null {
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
    case "tool_call_update":
      return {
        sessionUpdate: "tool_call_update",
        toolCallId: event.toolCallId,
        status: event.status,
        ...(event.content ? { content: toAcpContent(event.content) } : {}),
        ...(event.rawOutput === undefined ? {} : { rawOutput: event.rawOutput }),
      };
    case "model_request":
    case "usage":
      return null;
    default:
      return event satisfies never;
  }
}
