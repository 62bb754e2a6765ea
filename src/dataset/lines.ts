/**
 * Streaming line reader: constant memory whatever the file size. Yields lines in batches (one per
 * chunk read) because a generator step per line costs more than the JSON.parse it feeds.
 */

export type LineBatch = {
  /** Lines without their "\n" (a trailing "\r" removed too). */
  lines: string[];
  /** 1-based number of the first line in `lines`. */
  firstLine: number;
  /** Bytes of the file consumed so far (for progress). */
  bytesRead: number;
};

export async function* readLineBatches(path: string): AsyncGenerator<LineBatch> {
  const decoder = new TextDecoder();
  let rest = "";
  let lineNo = 1;
  let bytesRead = 0;
  for await (const chunk of Bun.file(path).stream()) {
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
