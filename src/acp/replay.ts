/** session/load: a stored transcript replayed as the session/update stream the IDE saw (pure). */
import type * as acp from "@agentclientprotocol/sdk";
import type { TranscriptItem } from "../store/history.ts";
import { textChunk, toAcpContent } from "../session/updates.ts";

export function transcriptToUpdates(items: readonly TranscriptItem[]): acp.SessionUpdate[] {
  const uniqueId = uniqueIds();
  return items.map((item): acp.SessionUpdate => {
    switch (item.type) {
      case "user":
        return textChunk("user_message_chunk", item.text);
      case "agent":
        return textChunk("agent_message_chunk", item.text);
      case "tool_call":
        return {
          sessionUpdate: "tool_call",
          toolCallId: uniqueId(item.toolCallId),
          title: item.title,
          kind: item.kind,
          status: item.status,
          locations: item.locations.map((location) => ({ path: location.path, ...(location.line ? { line: location.line } : {}) })),
          rawInput: item.rawInput,
          // No terminal of a replay is live: its output is shown as text instead.
          content: toAcpContent(item.content),
          ...(item.rawOutput === undefined ? {} : { rawOutput: item.rawOutput }),
        };
      default:
        return item satisfies never;
    }
  });
}

/**
 * Clients merge updates by toolCallId: a replay must not repeat one. Sessions recorded before
 * Punie owned the ids kept the model's (models repeat `call_0`), and a call that never started
 * replays with the model's id: a repeat gets a suffix.
 */
function uniqueIds(): (id: string) => string {
  const seen = new Set<string>();
  return (id) => {
    let candidate = id;
    for (let n = 2; seen.has(candidate); n++) candidate = `${id}~${n}`;
    seen.add(candidate);
    return candidate;
  };
}
