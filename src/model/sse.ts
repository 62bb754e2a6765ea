/**
 * Server-sent events from a streamed response body, as the OpenAI client reads them: `data:` lines
 * joined per event, comments and other fields skipped, an event ends at a blank line (or at the
 * end of the body). Events come in batches, one per network read, so a fast server's hundreds of
 * events cost one await instead of hundreds.
 */

export type SseEvent = { event: string | null; data: string };

export type SseReader = {
  /** The events of the next network read ([] when a read completed none); null at the end. */
  next(): Promise<SseEvent[] | null>;
  cancel(): void;
};

export function readSse(body: ReadableStream<Uint8Array>, onRead?: () => void): SseReader {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let rest = "";
  let event: string | null = null;
  // The event's data lines joined with "\n" (null: no data line yet).
  let data: string | null = null;
  let ended = false;

  const line = (text: string, out: SseEvent[]): void => {
    if (text === "") {
      if (event || data !== null) out.push({ event, data: data ?? "" });
      event = null;
      data = null;
      return;
    }
    if (text.charCodeAt(0) === 58) return; // ":" comment (keepalives)
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") data = data === null ? value : `${data}\n${value}`;
    else if (field === "event") event = value;
  };

  const lines = (text: string, out: SseEvent[]): void => {
    if (!text.includes("\r")) {
      const parts = text.split("\n");
      rest = parts.pop() ?? "";
      for (const part of parts) line(part, out);
      return;
    }
    // "\r\n", "\r" and "\n" all end a line.
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      line(text.slice(start, i), out);
      if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    rest = text.slice(start);
  };

  return {
    async next() {
      if (ended) return null;
      const { value, done } = await reader.read();
      const out: SseEvent[] = [];
      if (done) {
        ended = true;
        // The body may end without a final newline or blank line: end both.
        lines(`${rest}${decoder.decode()}\n`, out);
        line("", out);
        return out.length > 0 ? out : null;
      }
      onRead?.();
      let text = rest + decoder.decode(value, { stream: true });
      // Hold a trailing "\r": the "\n" of its pair may come with the next read.
      let held = "";
      if (text.charCodeAt(text.length - 1) === 13) {
        held = "\r";
        text = text.slice(0, -1);
      }
      lines(text, out);
      rest += held;
      return out;
    },
    cancel() {
      ended = true;
      reader.cancel().catch(() => {});
    },
  };
}
