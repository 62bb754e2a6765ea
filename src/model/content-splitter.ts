/**
 * Splits streamed `content` deltas into answer text and `<think>` reasoning, and holds back
 * anything from a `<tool_call>` tag on so the user never sees tool-call markup. Tags may straddle
 * chunks: a tail that could start a tag waits for the next delta.
 */

export type ContentPiece = { type: "text" | "reasoning"; text: string };

export type PieceSink = { push(piece: ContentPiece): number };

export type ContentSplitter = {
  /** Feeds one delta; returns what can be shown now. */
  push(delta: string): ContentPiece[];
  /** The same, appended to `pieces` (e.g. a batch of events): no array per delta. */
  pushInto(delta: string, pieces: PieceSink): void;
  /** The stream ended: the rest, plus the held-back tool-call markup ("" when none). */
  end(): { pieces: ContentPiece[]; held: string };
};

const THINK_OPEN = "<think>";
const THINK_CLOSE = "</think>";
const TOOL_CALL_OPEN = "<tool_call>";
const TEXT_TAGS = [THINK_OPEN, THINK_CLOSE, TOOL_CALL_OPEN];

export function createContentSplitter(): ContentSplitter {
  let mode: "text" | "think" | "held" = "text";
  let pending = "";
  let held = "";
  // Models put blank lines after </think>; the answer should not start with them.
  let trimNextText = false;

  const emitText = (pieces: PieceSink, text: string): void => {
    let value = text;
    if (trimNextText) {
      value = value.trimStart();
      if (value !== "") trimNextText = false;
    }
    if (value !== "") pieces.push({ type: "text", text: value });
  };
  const emitReasoning = (pieces: PieceSink, text: string): void => {
    if (text !== "") pieces.push({ type: "reasoning", text });
  };

  const pushInto = (delta: string, pieces: PieceSink): void => {
    pending += delta;
    while (pending !== "") {
      if (mode === "held") {
        held += pending;
        pending = "";
      } else if (mode === "think") {
        const close = pending.indexOf(THINK_CLOSE);
        if (close < 0) {
          const keep = partialTagStart(pending, [THINK_CLOSE]);
          emitReasoning(pieces, pending.slice(0, keep));
          pending = pending.slice(keep);
          break;
        }
        emitReasoning(pieces, pending.slice(0, close));
        pending = pending.slice(close + THINK_CLOSE.length);
        mode = "text";
        trimNextText = true;
      } else {
        const tag = firstTag(pending);
        if (!tag) {
          const keep = partialTagStart(pending, TEXT_TAGS);
          emitText(pieces, pending.slice(0, keep));
          pending = pending.slice(keep);
          break;
        }
        emitText(pieces, pending.slice(0, tag.index));
        if (tag.tag === TOOL_CALL_OPEN) {
          mode = "held";
          held += pending.slice(tag.index);
          pending = "";
        } else {
          // A lone </think> (the template opened the block) is dropped like a pair's closing tag.
          if (tag.tag === THINK_OPEN) mode = "think";
          else trimNextText = true;
          pending = pending.slice(tag.index + tag.tag.length);
        }
      }
    }
  };

  return {
    push(delta) {
      const pieces: ContentPiece[] = [];
      pushInto(delta, pieces);
      return pieces;
    },
    pushInto,
    end() {
      const pieces: ContentPiece[] = [];
      if (mode === "text") emitText(pieces, pending);
      else if (mode === "think") emitReasoning(pieces, pending);
      else held += pending;
      pending = "";
      return { pieces, held };
    },
  };
}

function firstTag(text: string): { tag: string; index: number } | null {
  let best: { tag: string; index: number } | null = null;
  for (const tag of TEXT_TAGS) {
    const index = text.indexOf(tag);
    if (index >= 0 && (best === null || index < best.index)) best = { tag, index };
  }
  return best;
}

/** Index where a possible partial tag starts at the end of `text` (text.length when none). */
function partialTagStart(text: string, tags: readonly string[]): number {
  const start = text.lastIndexOf("<");
  if (start < 0) return text.length;
  const tail = text.slice(start);
  return tags.some((tag) => tail.length < tag.length && tag.startsWith(tail)) ? start : text.length;
}
