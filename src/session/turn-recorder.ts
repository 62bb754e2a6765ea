/**
 * The turn recorder: fed the loop's events and the permission decisions as they happen, it builds
 * the TurnRecord that `recordTurn` stores and `renderTurnReport` draws. Pure apart from the clock
 * and the memory reading, both injectable so tests script them.
 */
import type { AgentEvent } from "../agent/events.ts";
import type { TurnResult } from "../agent/loop.ts";
import type { WorkspaceKind } from "../workspace/types.ts";
import type { ModelRequestRecord, PermissionDecision, ToolCallRecord, TurnRecord } from "../store/types.ts";

/** What is known when a turn starts; `backend` is where the workspace's tools run. */
export type TurnStart = Pick<TurnRecord, "prompt" | "instructions" | "tools" | "model" | "backend" | "frontend"> & {
  /** Where a given tool runs when not where the workspace does (Python tools, MCP: local). */
  backendOf?: (toolName: string) => WorkspaceKind;
};

export type RecorderProbes = {
  /** Epoch ms. */
  now(): number;
  /** Resident set size in bytes. */
  rss(): number;
};

export type TurnRecorder = {
  push(event: AgentEvent): void;
  /** A permission question's answer; stamped with the time it is reported. */
  permission(decision: Omit<PermissionDecision, "decidedAt">): void;
  /** Closes the record with what `runTurn` returned. */
  finish(result: Pick<TurnResult, "stopReason" | "usage" | "messages" | "error">): TurnRecord;
};

export const systemProbes: RecorderProbes = { now: Date.now, rss: () => process.memoryUsage.rss() };

/**
 * Reading RSS costs more than handling a streamed chunk or a fast tool call (bench/overhead.ts):
 * sample at most this often; the turn's end is always sampled.
 */
const SAMPLE_INTERVAL_MS = 50;

/**
 * @example
 * const recorder = createTurnRecorder({ prompt, instructions, tools: toolSpecs(tools), model: model.id, backend: workspace.kind, frontend: "ask" });
 * const result = await runTurn({ ...options, onEvent: (event) => { recorder.push(event); show(event); } });
 * recordTurn(store, sessionId, recorder.finish(result));
 */
export function createTurnRecorder(start: TurnStart, probes: RecorderProbes = systemProbes): TurnRecorder {
  const startedAt = probes.now();
  const startRss = probes.rss();
  const samples = [{ atMs: 0, rss: startRss }];
  let peakRss = startRss;
  let lastSampleAt = startedAt;
  const toolCalls: ToolCallRecord[] = [];
  const openCalls = new Map<string, ToolCallRecord>();
  const modelRequests: ModelRequestRecord[] = [];
  const permissions: PermissionDecision[] = [];
  let lastError: string | null = null;

  const sample = (at: number): number => {
    const rss = probes.rss();
    samples.push({ atMs: at - startedAt, rss });
    if (rss > peakRss) peakRss = rss;
    lastSampleAt = at;
    return rss;
  };

  return {
    push(event) {
      const at = probes.now();
      if (at - lastSampleAt >= SAMPLE_INTERVAL_MS) sample(at);
      switch (event.type) {
        case "text":
        case "thought":
        case "usage":
          break;
        case "tool_call": {
          const call: ToolCallRecord = {
            toolCallId: event.toolCallId,
            name: event.name,
            kind: event.kind,
            title: event.title,
            locations: event.locations,
            rawInput: event.rawInput,
            status: "pending",
            content: [],
            durationMs: null,
            backend: start.backendOf?.(event.name) ?? start.backend,
            startedAt: at,
          };
          toolCalls.push(call);
          openCalls.set(event.toolCallId, call);
          break;
        }
        case "tool_call_update": {
          const call = openCalls.get(event.toolCallId);
          if (!call) break;
          call.status = event.status;
          if (event.content && event.content.length > 0) call.content = event.content;
          if (event.rawOutput !== undefined) call.rawOutput = event.rawOutput;
          if (event.durationMs !== undefined) call.durationMs = event.durationMs;
          break;
        }
        case "model_request":
          modelRequests.push({
            index: event.index,
            durationMs: event.durationMs,
            firstEventMs: event.firstEventMs,
            finishReason: event.finishReason,
            usage: event.usage,
          });
          break;
        case "error":
          lastError = event.message;
          break;
        default:
          event satisfies never;
      }
    },
    permission(decision) {
      permissions.push({ ...decision, decidedAt: probes.now() });
    },
    finish(result) {
      const endedAt = probes.now();
      const endRss = sample(endedAt);
      return {
        prompt: start.prompt,
        instructions: start.instructions,
        tools: start.tools,
        model: start.model,
        backend: start.backend,
        frontend: start.frontend,
        startedAt,
        endedAt,
        stopReason: result.stopReason,
        error: result.error ?? lastError,
        usage: { ...result.usage },
        modelMs: sum(modelRequests.map((request) => request.durationMs)),
        toolMs: sum(toolCalls.map((call) => call.durationMs ?? 0)),
        messages: [...result.messages],
        toolCalls: toolCalls.map((call) => ({ ...call })),
        modelRequests: [...modelRequests],
        permissions: [...permissions],
        memory: { startRss, endRss, peakRss, samples: [...samples] },
      };
    },
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
