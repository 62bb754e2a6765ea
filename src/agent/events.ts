/**
 * Events the agent loop emits. Front ends (ACP, `punie ask`, eval, the dashboard) subscribe and
 * translate; the loop itself knows nothing of them.
 */
import type { Usage } from "../model/types.ts";
import type { ModelRequestRecord as ModelRequestTiming, ToolCallStart, ToolCallStatus } from "../store/types.ts";
import type { ToolContent } from "../tools/types.ts";

// The shapes records keep are the store's; the loop emits them as they are.
export type { ModelRequestRecord as ModelRequestTiming, StopReason, ToolCallStart, ToolCallStatus } from "../store/types.ts";

export type AgentEvent =
  | { type: "text"; text: string }
  | { type: "thought"; text: string }
  | ({ type: "tool_call" } & ToolCallStart)
  | {
      type: "tool_call_update";
      toolCallId: string;
      status: ToolCallStatus;
      content?: ToolContent[];
      rawOutput?: unknown;
      /** Set on the final update (completed or failed). */
      durationMs?: number;
    }
  | ({ type: "model_request" } & ModelRequestTiming)
  | { type: "usage"; usage: Usage }
  /** A fault that ended the turn (model server down, …): a paragraph for the user. */
  | { type: "error"; message: string };

export type AgentEventSink = (event: AgentEvent) => void;
