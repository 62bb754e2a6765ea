/**
 * Folds a prompt's agent events into what the eval scores and reports: the tool calls (with
 * arguments, format and status), the final answer, model requests and tokens.
 */
import type { AgentEvent, ToolCallStatus } from "../agent/events.ts";
import type { ToolContent } from "../tools/types.ts";
import type { ObservedToolCall } from "./matchers.ts";

export type RecordedToolCall = ObservedToolCall & { status: ToolCallStatus | "pending"; output: string };

export type Collected = {
  toolCalls: RecordedToolCall[];
  /** The last reply without tool calls: what keywords are looked for in. */
  answer: string;
  requests: number;
  tokens: { prompt: number; completion: number };
};

export type EventCollector = { push(event: AgentEvent): void; result(): Collected };

const OUTPUT_LIMIT = 4000;

export function createEventCollector(): EventCollector {
  const calls = new Map<string, RecordedToolCall>();
  const order: RecordedToolCall[] = [];
  let current = "";
  let answer = "";
  let requests = 0;
  const tokens = { prompt: 0, completion: 0 };
  return {
    push(event) {
      switch (event.type) {
        case "text":
          current += event.text;
          break;
        case "model_request":
          // The request's reply is complete: it is the answer unless tool calls follow it.
          requests++;
          answer = current;
          current = "";
          if (event.usage) {
            tokens.prompt += event.usage.inputTokens;
            tokens.completion += event.usage.outputTokens;
          }
          break;
        case "tool_call": {
          answer = "";
          const call: RecordedToolCall = { name: event.name, arguments: event.rawInput, format: event.format ?? "structured", status: "pending", output: "" };
          calls.set(event.toolCallId, call);
          order.push(call);
          break;
        }
        case "tool_call_update": {
          const call = calls.get(event.toolCallId);
          if (!call) break;
          call.status = event.status;
          const text = (event.content ?? []).map(describeContent).join("\n");
          if (text !== "") call.output = text.length > OUTPUT_LIMIT ? `${text.slice(0, OUTPUT_LIMIT)}…` : text;
          break;
        }
        case "thought":
        case "usage":
        case "error":
          break;
        default:
          event satisfies never;
      }
    },
    result: () => ({ toolCalls: order, answer: (answer || current).trim(), requests, tokens: { ...tokens } }),
  };
}

function describeContent(content: ToolContent): string {
  switch (content.type) {
    case "text":
      return content.text;
    case "diff":
      return `(changed ${content.path})`;
    case "terminal":
      return `(terminal ${content.terminalId})`;
    default:
      return content satisfies never;
  }
}
