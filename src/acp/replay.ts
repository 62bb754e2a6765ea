/** session/load: a stored transcript replayed as the session/update stream the IDE saw (pure). */
import type * as acp from "@agentclientprotocol/sdk";
import type { TranscriptItem } from "../store/history.ts";
import { textChunk, toAcpContent } from "../session/updates.ts";

export function transcriptToUpdates(items: readonly TranscriptItem[]): acp.SessionUpdate[] {
  return items.map((item): acp.SessionUpdate => {
    switch (item.type) {
      case "user":
        return textChunk("user_message_chunk", item.text);
      case "agent":
        return textChunk("agent_message_chunk", item.text);
      case "tool_call":
        return {
          sessionUpdate: "tool_call",
          toolCallId: item.toolCallId,
          title: item.title,
          kind: item.kind,
          status: item.status,
          locations: item.locations.map((location) => ({ path: location.path, ...(location.line ? { line: location.line } : {}) })),
          rawInput: item.rawInput,
          content: toAcpContent(item.content),
          ...(item.rawOutput === undefined ? {} : { rawOutput: item.rawOutput }),
        };
      default:
        return item satisfies never;
    }
  });
}
