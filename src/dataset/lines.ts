/**
 * Streaming line reader: constant memory whatever the file size. Yields lines in batches (one per
 * block read) because a generator step per line costs more than the JSON.parse it feeds.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { assertFile } from "../fs-error.ts";

export type LineBatch = {
  /** Lines without their "\n" (a trailing "\r" removed too). */
  lines: string[];
  /** 1-based number of the first line in `lines`. */
  firstLine: number;
  /** Bytes of the file consumed so far (for progress). */
  bytesRead: number;
};

/** A byte range of a file that starts at a line start and ends after a "\n" (or at the end). */
export type ByteRange = { start: number; end: number };

/** Bytes read per block: big enough that per-read costs vanish, small enough to stay in cache. */
const BLOCK_BYTES = 256 * 1024;
/** Blocks read between yields to the event loop (worker messages, signals, progress). */
const BLOCKS_PER_YIELD = 64;

/**
 * Reads with plain blocking reads into one reused buffer: a web stream costs a promise, a pull and
 * a fresh buffer per chunk, which is a fifth of a validate run. The event loop still gets a turn
 * every few MB so a long scan never starves it. The work is in a synchronous reader: JSC compiles
 * a loop inside an async generator as part of its whole state machine, at several times the cost.
 */
export async function* readLineBatches(path: string, range?: ByteRange): AsyncGenerator<LineBatch> {
  // A folder or a missing file is one line naming the path, not a raw EISDIR from a read.
  if (!range) assertFile(path);
  const reader = openBlockReader(path, range);
  try {
    for (let block = 1; ; block++) {
      const batch = reader.next();
      if (batch === null) return;
      if (batch.lines.length > 0) yield batch;
      if (block % BLOCKS_PER_YIELD === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    reader.close();
  }
}

/** Batches of whole lines, one per block read; null at the end. Synchronous. */
function openBlockReader(path: string, range: ByteRange | undefined): { next(): LineBatch | null; close(): void } {
  const decoder = new TextDecoder();
  const start = range?.start ?? 0;
  const end = range?.end ?? Number.POSITIVE_INFINITY;
  const fd = openSync(path, "r");
  const buffer = Buffer.allocUnsafe(BLOCK_BYTES);
  let rest = "";
  let lineNo = 1;
  let bytesRead = 0;
  let finished = false;
  return {
    next() {
      if (finished) return null;
      const got = start + bytesRead < end ? readSync(fd, buffer, 0, Math.min(BLOCK_BYTES, end - start - bytesRead), start + bytesRead) : 0;
      if (got === 0) {
        finished = true;
        rest += decoder.decode();
        return rest.length > 0 ? { lines: [rest.endsWith("\r") ? rest.slice(0, -1) : rest], firstLine: lineNo, bytesRead } : null;
      }
      bytesRead += got;
      const text = rest + decoder.decode(buffer.subarray(0, got), { stream: true });
      // Native split beats a slice per line; "\r" is rare, so it is looked for once per block.
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      if (text.includes("\r")) {
        for (let i = 0; i < lines.length; i++) {
          const line = lines[i] as string;
          if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
        }
      }
      const batch = { lines, firstLine: lineNo, bytesRead };
      lineNo += lines.length;
      return batch;
    },
    close: () => closeSync(fd),
  };
}

/** Iterates single lines; convenient where per-line cost does not matter. */
export async function* readLines(path: string): AsyncGenerator<{ text: string; line: number }> {
  for await (const batch of readLineBatches(path)) {
    for (let i = 0; i < batch.lines.length; i++) yield { text: batch.lines[i] as string, line: batch.firstLine + i };
  }
}

/** Counts lines without parsing them. */
export async function countLines(path: string): Promise<number> {
  let count = 0;
  for await (const batch of readLineBatches(path)) count += batch.lines.length;
  return count;
}

/**
 * Cuts a file into about `parts` ranges at line boundaries, so each can be scanned on its own.
 * Reads only a little around each cut.
 */
export async function lineRanges(path: string, parts: number): Promise<ByteRange[]> {
  const file = Bun.file(path);
  const size = file.size;
  const cuts = [0];
  for (let k = 1; k < parts; k++) {
    let pos = Math.max(Math.floor((size * k) / parts), cuts[cuts.length - 1] as number);
    // Move to just after the next "\n"; lines may be longer than one probe.
    for (;;) {
      if (pos >= size) break;
      const probe = new Uint8Array(await file.slice(pos, Math.min(size, pos + 65536)).arrayBuffer());
      const nl = probe.indexOf(10);
      if (nl !== -1) {
        pos += nl + 1;
        break;
      }
      pos += probe.length;
    }
    if (pos < size && pos > (cuts[cuts.length - 1] as number)) cuts.push(pos);
  }
  return cuts.map((start, i) => ({ start, end: cuts[i + 1] ?? size }));
}
