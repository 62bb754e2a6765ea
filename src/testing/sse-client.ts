/**
 * Reads a server-sent event stream (e.g. `punie serve`'s /api/events) from a fetch Response:
 * for tests, benches and scripts that follow the dashboard's feed without a browser.
 *
 * @example
 * const events = sseEvents(await fetch(`${url}api/events`, { headers: { "last-event-id": "41" } }));
 * for await (const event of events) console.log(event.id, event.event, JSON.parse(event.data));
 */
export type SseEvent = { id: string | null; event: string; data: string };

export async function* sseEvents(response: Response): AsyncGenerator<SseEvent, void, undefined> {
  if (!response.body) return;
  let buffer = "";
  let current: { id: string | null; event: string; data: string[] } = { id: null, event: "message", data: [] };
  for await (const chunk of response.body.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, "");
      buffer = buffer.slice(newline + 1);
      if (line === "") {
        if (current.data.length > 0) yield { id: current.id, event: current.event, data: current.data.join("\n") };
        current = { id: null, event: "message", data: [] };
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "data") current.data.push(value);
      else if (field === "event") current.event = value;
      else if (field === "id") current.id = value;
    }
  }
}

/** Collects events until `done` says stop (or the stream ends), then cancels the stream. */
export async function collectSse(response: Response, done: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = sseEvents(response);
  for await (const event of reader) {
    events.push(event);
    if (done(events)) break;
  }
  await response.body?.cancel().catch(() => {});
  return events;
}
