/**
 * What the store keeps, as types shared by the recorder, the front ends and the reports; and the
 * zod schemas that check JSON read back from the database (a row written by a buggy or future
 * build must not crash a replay).
 */
import type { z } from "zod";
import { lazySchema } from "../zod-loader.ts";
import type { ChatMessage, FinishReason, ToolSpec, Usage } from "../model/types.ts";
import type { ToolContent, ToolKind, ToolLocation } from "../tools/types.ts";
import type { PermissionRequest, WorkspaceKind } from "../workspace/types.ts";

/** The front end a session or turn came from. */
export type Frontend = "acp" | "ask" | "http" | "eval";

/** Why a prompt turn ended (the ACP stop reasons). */
export type StopReason = "end_turn" | "max_tokens" | "max_turn_requests" | "cancelled" | "refusal";

/** A tool call's status as ACP shows it: pending until it starts (e.g. while permission is asked). */
export type ToolCallStatus = "pending" | "in_progress" | "completed" | "failed";

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
export type ModelRequestRecord = {
  /** 1-based index of this request within the prompt. */
  index: number;
  durationMs: number;
  /** Time to the first streamed event, or null when nothing arrived. */
  firstEventMs: number | null;
  finishReason: FinishReason | null;
  usage: Usage | null;
};

/** How a permission check ended. */
export type PermissionOutcomeKind =
  | "allowed_once"
  | "allowed_session"
  | "allowed_project"
  | "rejected"
  | "cancelled"
  /** Allowed by the permission mode (auto, or accept-edits for an edit). */
  | "auto_mode"
  | "allowed_by_rule"
  /** An external tool marked read-only. */
  | "read_only_tool"
  | "denied_by_rule"
  | "denied_by_mode";

export type PermissionDecision = {
  toolCallId: string;
  toolName: string;
  action: PermissionRequest["action"];
  outcome: PermissionOutcomeKind;
  /** The rule that decided, when one did (shown to people, e.g. "deny: rm *"). */
  rule?: string;
  /** Epoch ms. */
  decidedAt: number;
  /** How long a person took to answer (ms); absent when nobody was asked. */
  waitMs?: number;
};

export type ToolCallRecord = ToolCallStart & {
  /** The last status seen; "pending" when the call never started (e.g. cancelled). */
  status: ToolCallStatus;
  content: ToolContent[];
  rawOutput?: unknown;
  /** Null when the call never finished. */
  durationMs: number | null;
  backend: WorkspaceKind;
  /** Epoch ms. */
  startedAt: number;
};


export type MemoryRecord = {
  /** Resident set size in bytes at the start, the end, and the highest sample of the turn. */
  startRss: number;
  endRss: number;
  peakRss: number;
  /** Samples over the turn (ms since its start); kept in memory for the report, not stored. */
  samples: { atMs: number; rss: number }[];
};

/** Everything about one prompt turn; written by `recordTurn` in one transaction. */
export type TurnRecord = {
  prompt: string;
  instructions: string;
  /** The tool schemas offered to the model. */
  tools: ToolSpec[];
  model: string;
  backend: WorkspaceKind;
  frontend: Frontend;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number;
  stopReason: StopReason;
  error: string | null;
  usage: Usage;
  /** Sum of model request durations and of tool call durations (ms). */
  modelMs: number;
  toolMs: number;
  /** The turn's new messages, user prompt first (TurnResult.messages). */
  messages: ChatMessage[];
  toolCalls: ToolCallRecord[];
  modelRequests: ModelRequestRecord[];
  permissions: PermissionDecision[];
  memory: MemoryRecord;
};

// The stored shapes are built on first use, with zod loaded then (zod-loader.ts): zod costs
// start-up time, and a run that only writes history never decodes it.
export const chatMessageSchema: () => z.ZodType<ChatMessage> = lazySchema(
  (z) =>
    z.discriminatedUnion("role", [
      z.object({ role: z.literal("system"), content: z.string() }),
      z.object({ role: z.literal("user"), content: z.string() }),
      z.object({
        role: z.literal("assistant"),
        content: z.string().nullable(),
        tool_calls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })).optional(),
      }),
      z.object({ role: z.literal("tool"), tool_call_id: z.string(), content: z.string() }),
    ]) as z.ZodType<ChatMessage>,
);

export const toolContentSchema: () => z.ZodType<ToolContent> = lazySchema(
  (z) =>
    z.discriminatedUnion("type", [
      z.object({ type: z.literal("text"), text: z.string() }),
      z.object({ type: z.literal("diff"), path: z.string(), oldText: z.string().nullable(), newText: z.string() }),
      z.object({ type: z.literal("terminal"), terminalId: z.string(), output: z.string().optional() }),
    ]) as z.ZodType<ToolContent>,
);

export const toolLocationSchema: () => z.ZodType<ToolLocation> = lazySchema((z) => z.object({ path: z.string(), line: z.number().optional() }) as z.ZodType<ToolLocation>);

export const toolSpecSchema: () => z.ZodType<ToolSpec> = lazySchema((z) => z.object({ name: z.string(), description: z.string(), parameters: z.record(z.string(), z.unknown()) }));

/** Parses stored JSON with a schema; null when the text or its shape is wrong. */
export function decodeJson<T>(schema: z.ZodType<T>, text: string | null): T | null {
  if (text === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Parses stored JSON without a shape (raw tool input and output). */
export function decodeUnknown(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
