/**
 * Assembles structured tool calls from stream deltas: the id and name arrive first, the
 * arguments string in pieces, all keyed by the call's index.
 */
import type { ToolCallRequest } from "./types.ts";
import type { ToolCallDelta } from "./wire.ts";

export type ToolCallAssembler = {
  add(delta: ToolCallDelta): void;
  /** The calls in order; ids the server left out come from `newId`. */
  finish(newId: () => string): ToolCallRequest[];
  readonly size: number;
};

type Partial = { id: string; name: string; arguments: string };

export function createToolCallAssembler(): ToolCallAssembler {
  const calls: Partial[] = [];
  // Maps the server's index to our slot: some servers repeat index 0 for every call, new id each.
  const slots = new Map<number, number>();
  return {
    add(delta) {
      const index = delta.index ?? 0;
      let slot = slots.get(index);
      const current = slot === undefined ? undefined : calls[slot];
      if (current === undefined || (delta.id && current.id && delta.id !== current.id)) {
        slot = calls.push({ id: "", name: "", arguments: "" }) - 1;
        slots.set(index, slot);
      }
      const call = calls[slot as number] as Partial;
      if (delta.id) call.id = delta.id;
      const fn = delta.function;
      // A name repeated in every delta (some servers) must not be doubled.
      if (fn?.name && fn.name !== call.name) call.name += fn.name;
      if (fn?.arguments != null) {
        call.arguments += typeof fn.arguments === "string" ? fn.arguments : JSON.stringify(fn.arguments);
      }
    },
    finish(newId) {
      return calls
        .filter((call) => call.name !== "")
        .map((call) => ({ id: call.id || newId(), name: call.name, arguments: call.arguments }));
    },
    get size() {
      return calls.length;
    },
  };
}
