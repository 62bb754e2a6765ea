/**
 * Streamed text gathered per macrotask. A fast model (or a server that sends many chunks in one
 * network read) delivers dozens of chunks within one macrotask; each would become its own IDE
 * update, recording row and stdout write. Chunks that arrive within one macrotask leave together,
 * at the end of it (setImmediate), and a chunk is never held longer than `maxHoldMs` even when a
 * macrotask runs long. Order is kept: a chunk of the other kind, or `flush()`, sends what is held
 * first. test/agent/coalesce-text.test.ts proves it never reorders, drops or holds past one tick.
 */

export type StreamedKind = "text" | "thought";

export type TextCoalescer = {
  push(kind: StreamedKind, text: string): void;
  /** Sends what is held now (before any other event, and when the stream ends). */
  flush(): void;
};

export const MAX_HOLD_MS = 5;

export function coalesceText(emit: (kind: StreamedKind, text: string) => void, maxHoldMs = MAX_HOLD_MS): TextCoalescer {
  let kind: StreamedKind = "text";
  let held = "";
  let heldSince = 0;
  let scheduled = false;

  const flush = (): void => {
    if (held === "") return;
    const text = held;
    held = "";
    emit(kind, text);
  };
  const onTick = (): void => {
    scheduled = false;
    flush();
  };

  return {
    push(next, text) {
      if (text === "") return;
      if (held !== "" && next !== kind) flush();
      if (held === "") heldSince = performance.now();
      kind = next;
      held += text;
      if (!scheduled) {
        scheduled = true;
        setImmediate(onTick);
      } else if (performance.now() - heldSince >= maxHoldMs) {
        flush();
      }
    },
    flush,
  };
}
