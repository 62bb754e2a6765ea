/**
 * An in-process Model that replays scripted replies: for unit tests of the loop and front ends
 * without any server (pydantic-ai's FunctionModel). `replies` may be a function of the request.
 */
import type { Model, ModelEvent, ModelRequest } from "../model/types.ts";

export type ScriptedModelReply = ModelEvent[] | ((request: ModelRequest, index: number) => ModelEvent[] | Promise<ModelEvent[]>);

export type ScriptedModel = Model & { requests: ModelRequest[] };

export function createScriptedModel(replies: ScriptedModelReply[] | ((request: ModelRequest, index: number) => ModelEvent[])): ScriptedModel {
  const requests: ModelRequest[] = [];
  return {
    id: "scripted",
    baseURL: "scripted://model",
    requests,
    async *stream(request) {
      const index = requests.length;
      requests.push({ ...request, messages: [...request.messages] });
      const reply = typeof replies === "function" ? replies(request, index) : replies[index];
      if (reply === undefined) throw new Error(`scripted model has no reply #${index + 1}`);
      const events = typeof reply === "function" ? await reply(request, index) : reply;
      for (const event of events) {
        if (request.signal.aborted) return;
        yield event;
      }
    },
  };
}

/** Shorthand replies. */
export const say = (text: string): ModelEvent[] => [{ type: "text", text }, { type: "finish", reason: "stop" }];
export const callTool = (name: string, args: unknown, id = `call_${name}_${Math.random().toString(36).slice(2, 8)}`): ModelEvent[] => [
  { type: "tool_call", call: { id, name, arguments: typeof args === "string" ? args : JSON.stringify(args) } },
  { type: "finish", reason: "tool_calls" },
];
