/**
 * Events the agent loop emits. Front ends (ACP, `punie ask`, eval, the dashboard) subscribe and
 * translate; the loop itself knows nothing of them.
 */
import type { FinishReason, Usage } from "../model/types.ts";
import type { ToolContent, ToolKind, ToolLocation } from "../tools/types.ts";

export type StopReason = "end_turn" | "max_tokens" | "max_turn_requests" | "cancelled" | "refusal";

export type ToolCallStatus = "in_progress" | "completed" | "failed";

/** A tool call as announced: what the IDE shows first, and what records keep. */
export type ToolCallStart = {
  toolCallId: string;
  name: string;
  kind: ToolKind;
  title: string;
  locations: ToolLocation[];
  rawInput: unknown;
  /** How the model sent the call: structured `tool_calls`, or as text the loop recovered. */
  format?: "structured" | "text";
};

/** One model request's timing and outcome. */
export type ModelRequestTiming = {
  /** 1-based index of this request within the prompt. */
  index: number;
  durationMs: number;
  /** Time to the first streamed event, or null when nothing arrived. */
  firstEventMs: number | null;
  finishReason: FinishReason | null;
  usage: Usage | null;
};

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
