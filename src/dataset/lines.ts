/**
 * Streaming line reader: constant memory whatever the file size. Yields lines in batches (one per
 * chunk read) because a generator step per line costs more than the JSON.parse it feeds.
 */
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

export async function* readLineBatches(path: string, range?: ByteRange): AsyncGenerator<LineBatch> {
  // A folder or a missing file is one line naming the path, not a raw EISDIR from the stream.
  if (!range) assertFile(path);
  const decoder = new TextDecoder();
  let rest = "";
  let lineNo = 1;
  let bytesRead = 0;
  const file = range ? Bun.file(path).slice(range.start, range.end) : Bun.file(path);
  for await (const chunk of file.stream()) {
    bytesRead += chunk.byteLength;
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines: string[] = [];
    let start = 0;
    let end = text.indexOf("\n");
    while (end !== -1) {
      lines.push(text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end));
      start = end + 1;
      end = text.indexOf("\n", start);
    }
    rest = text.slice(start);
    if (lines.length > 0) {
      yield { lines, firstLine: lineNo, bytesRead };
      lineNo += lines.length;
    }
  }
  rest += decoder.decode();
  if (rest.length > 0) yield { lines: [rest.endsWith("\r") ? rest.slice(0, -1) : rest], firstLine: lineNo, bytesRead };
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
