/** A child's output as lines, and the last few lines kept for an error message. */

/**
 * Calls `onLine` for every line of `stream` (split on \n, \r\n and bare \r, which progress
 * output uses); resolves when the stream ends.
 */
export async function forEachLine(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of stream) {
    const parts = (rest + decoder.decode(chunk, { stream: true })).split(/\r\n|\n|\r/);
    rest = parts.pop() ?? "";
    for (const part of parts) onLine(part);
  }
  rest += decoder.decode();
  if (rest) onLine(rest);
}

/** The last `size` lines pushed. */
export function createTail(size: number): { push(line: string): void; lines(): string[] } {
  const kept: string[] = [];
  return {
    push(line) {
      kept.push(line);
      if (kept.length > size) kept.shift();
    },
    lines: () => [...kept],
  };
}

/** The last `count` non-empty lines of a text file ("" when it cannot be read). */
export async function tailOfFile(path: string, count: number): Promise<string[]> {
  try {
    const file = Bun.file(path);
    const size = file.size;
    const text = await file.slice(Math.max(0, size - 64 * 1024), size).text();
    return text.split(/\r\n|\n|\r/).filter((line) => line.trim() !== "").slice(-count);
  } catch {
    return [];
  }
}
