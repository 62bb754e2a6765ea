/**
 * `GET /api/events`: server-sent events from every punie process. Each event's id is its row id
 * in the events table, so a browser reconnecting with `Last-Event-ID` (or a page passing
 * `?after=ID`, the id it was rendered at) gets exactly what it missed.
 */
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { Feed, LiveEvent } from "./feed.ts";

/** A client this far behind is dropped; it reconnects and catches up from the database. */
const MAX_QUEUED = 20_000;
const KEEPALIVE_MS = 15_000;

/** The id to resume after: Last-Event-ID wins over `?after=`; null when neither is a valid id. */
export function resumeId(lastEventId: string | undefined, after: string | undefined): number | null {
  for (const value of [lastEventId, after]) {
    if (value !== undefined && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  }
  return null;
}

export function eventStream(c: Context, feed: Feed): Response {
  const afterId = resumeId(c.req.header("last-event-id"), c.req.query("after"));
  return streamSSE(c, async (stream) => {
    const queue: LiveEvent[] = [];
    let wake: (() => void) | null = null;
    let closed = false;
    const rouse = () => {
      const resolve = wake;
      wake = null;
      resolve?.();
    };
    const subscriber = feed.subscribe(afterId, (events) => {
      queue.push(...events);
      if (queue.length > MAX_QUEUED) closed = true;
      rouse();
    });
    stream.onAbort(() => {
      closed = true;
      rouse();
    });
    const keepalive = setInterval(() => void stream.write(": keepalive\n\n").catch(() => {}), KEEPALIVE_MS);
    try {
      // The first write opens the stream for the browser (and tells it to retry quickly).
      await stream.write("retry: 1000\n\n");
      while (!closed) {
        while (queue.length > 0 && !closed) {
          const event = queue.shift() as LiveEvent;
          await stream.writeSSE({ id: String(event.id), event: event.kind, data: JSON.stringify(event.data) });
        }
        if (!closed) await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      clearInterval(keepalive);
      subscriber.close();
    }
  });
}
