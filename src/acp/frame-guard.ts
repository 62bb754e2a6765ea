/**
 * A guard on the agent's input bytes, in front of the SDK's line reader: a line longer than 32 MiB
 * or nested deeper than 256 levels never reaches JSON.parse. It is answered here with -32600
 * Invalid Request (with the request's id when it can be read, never echoing the input) and the
 * connection goes on. Without it, one deep line overflowed the stack while the SDK echoed it back
 * and ended the agent, and one long line closed the connection.
 */

export const MAX_FRAME_BYTES = 32 * 1024 * 1024;
export const MAX_FRAME_DEPTH = 256;
/** Bytes of an oversized line kept to find its id (a request's id comes early in practice). */
const HEAD_BYTES = 64 * 1024;
const NEWLINE = 10;

export type FrameGuardOptions = {
  /** Writes one JSON-RPC line (the error answer) to the client. */
  reply(line: string): void;
  /** Tells the log what was refused. */
  log?(message: string): void;
  maxBytes?: number;
  maxDepth?: number;
};

/** The guard without a stream: bytes in as they come, whole admitted lines out. */
export type FrameSplitter = {
  /** Gives `emit` each line `chunk` completes (with its newline); the rest waits for more bytes. */
  push(chunk: Uint8Array, emit: (line: Uint8Array) => void): void;
  /** The input ended: what is left, as a last line. */
  end(emit: (line: Uint8Array) => void): void;
};

export function frameSplitter(options: FrameGuardOptions): FrameSplitter {
  const maxBytes = options.maxBytes ?? MAX_FRAME_BYTES;
  const maxDepth = options.maxDepth ?? MAX_FRAME_DEPTH;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  /** Set while the rest of an oversized line is being skipped: its first bytes. */
  let head: Uint8Array | null = null;

  const refuse = (bytes: Uint8Array, why: string) => {
    const id = readTopLevelId(bytes);
    options.log?.(`refused an incoming message (id ${JSON.stringify(id)}): ${why}`);
    options.reply(`${JSON.stringify({ jsonrpc: "2.0", id, error: { code: -32600, message: `Invalid Request: ${why}` } })}\n`);
  };

  const endLine = (emit: (line: Uint8Array) => void, line: Uint8Array) => {
    if (head !== null) {
      refuse(head, `the message is larger than ${maxBytes / (1024 * 1024)} MiB (an image that large must be made smaller)`);
      head = null;
    } else if (nestingExceeds(line, maxDepth)) {
      refuse(line, `the message is nested deeper than ${maxDepth} levels`);
    } else {
      emit(line);
    }
  };

  const add = (part: Uint8Array) => {
    if (head !== null) return; // skipping the rest of an oversized line
    if (pendingBytes + part.byteLength > maxBytes + 2) {
      // +2: the newline (and a \r before it) are not part of the message.
      head = concat([...pending, part.subarray(0, HEAD_BYTES)]).subarray(0, HEAD_BYTES);
      pending = [];
      pendingBytes = 0;
      return;
    }
    pending.push(part.slice());
    pendingBytes += part.byteLength;
  };

  const takePending = (): Uint8Array => {
    const line = concat(pending);
    pending = [];
    pendingBytes = 0;
    return line;
  };

  return {
    push(chunk, emit) {
      let start = 0;
      for (;;) {
        const newline = chunk.indexOf(NEWLINE, start);
        if (newline === -1) {
          if (start < chunk.byteLength) add(chunk.subarray(start));
          return;
        }
        const piece = chunk.subarray(start, newline + 1);
        if (pending.length === 0 && head === null && piece.byteLength <= maxBytes + 2) endLine(emit, piece.slice());
        else {
          add(piece);
          endLine(emit, takePending());
        }
        start = newline + 1;
      }
    },
    end(emit) {
      if (pending.length > 0 || head !== null) endLine(emit, takePending());
    },
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;

/** True when brackets and braces outside strings nest deeper than `max` (pure, one pass). */
export function nestingExceeds(bytes: Uint8Array, max: number): boolean {
  // Deeper than `max` takes more than `max` opening brackets: counting them (a native search
  // per bracket) spares the byte-by-byte scan for every ordinary message.
  if (openingsAtMost(bytes, max)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** True when `bytes` hold at most `max` opening braces and brackets, strings included. */
function openingsAtMost(bytes: Uint8Array, max: number): boolean {
  let count = 0;
  for (const open of [OPEN_BRACE, OPEN_BRACKET]) {
    for (let at = bytes.indexOf(open); at !== -1; at = bytes.indexOf(open, at + 1)) if (++count > max) return false;
  }
  return true;
}

/**
 * The `id` of the top-level object, when it is a number or a short string, else null. Scans
 * without parsing, so depth and size cost nothing more than a pass (pure).
 */
export function readTopLevelId(bytes: Uint8Array): string | number | null {
  const text = new TextDecoder().decode(bytes);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\"") {
      const end = stringEnd(text, i);
      if (end === -1) return null;
      if (depth === 1 && text.slice(i, end + 1) === "\"id\"") {
        const value = /^\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|"(?:[^"\\]|\\.){0,256}")/.exec(text.slice(end + 1, end + 300));
        if (value?.[1] !== undefined) return JSON.parse(value[1]) as string | number;
      }
      i = end;
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
  }
  return null;
}

/** Index of the quote closing the string that opens at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "\"") return i;
  }
  return -1;
}
