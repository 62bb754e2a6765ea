/**
 * The live feed: one poller follows the events table (a cheap `PRAGMA data_version` check, then a
 * query only when another connection committed; a watcher of the database's files nudges it at
 * once, the interval is the fallback) and hands each new row, in id order, to every
 * subscriber. A subscriber that reconnects with an id first gets everything after it from the
 * database, then the live rows, with nothing missed or repeated.
 */
export type LiveEventKind = "session" | "update" | "permission";

/** One row of the events table as the SSE stream sends it. */
export type LiveEvent = { id: number; kind: LiveEventKind; data: unknown };

/** What the feed needs from the database. */
export type EventSource = {
  /** The highest event id committed so far (0 when none). */
  latestEventId(): number;
  /** Events with id > afterId, oldest first, at most `limit`. */
  eventsAfter(afterId: number, limit: number): LiveEvent[];
  /** Whether any connection may have committed since the last call (false = skip the query). */
  maybeChanged(): boolean;
};

export type Subscriber = {
  /** The id of the last event this subscriber has been given. */
  readonly cursor: number;
  close(): void;
};

export type Feed = {
  /**
   * Starts delivering events after `afterId` (null: only events from now on). Replay from the
   * database happens before this returns; live events follow in order.
   */
  subscribe(afterId: number | null, deliver: (events: LiveEvent[]) => void): Subscriber;
  /** Polls now (tests and the server's own writes use it to skip the wait). */
  poll(): void;
  /** Polls soon: many nudges within a few ms make one poll (a file watcher calls it on every write). */
  nudge(): void;
  readonly subscribers: number;
  stop(): void;
};

export type FeedOptions = {
  source: EventSource;
  /** Poll interval; the issue allows at most 250 ms. */
  intervalMs?: number;
  /** Rows read per query. */
  pageSize?: number;
};

export const FEED_INTERVAL_MS = 100;
/** A nudge waits this long, so a burst of writes is read in one query. */
const NUDGE_DELAY_MS = 5;

/** @example const feed = createFeed({ source }); feed.subscribe(lastEventId, (events) => send(events)); */
export function createFeed(options: FeedOptions): Feed {
  const { source } = options;
  const pageSize = options.pageSize ?? 500;
  const subscribers = new Set<{ cursor: number; deliver: (events: LiveEvent[]) => void }>();
  let head = source.latestEventId();
  let timer: ReturnType<typeof setInterval> | null = null;

  const readAfter = (afterId: number, each: (events: LiveEvent[]) => void): number => {
    let cursor = afterId;
    for (;;) {
      const page = source.eventsAfter(cursor, pageSize);
      if (page.length === 0) return cursor;
      each(page);
      cursor = page.at(-1)?.id ?? cursor;
      if (page.length < pageSize) return cursor;
    }
  };

  const poll = () => {
    if (subscribers.size === 0) {
      // Nobody listens: keep only the position, so a later subscriber without an id starts now.
      if (source.maybeChanged()) head = source.latestEventId();
      return;
    }
    if (!source.maybeChanged()) return;
    head = readAfter(head, (events) => {
      for (const subscriber of subscribers) {
        const fresh = events.filter((event) => event.id > subscriber.cursor);
        if (fresh.length === 0) continue;
        subscriber.cursor = fresh.at(-1)?.id ?? subscriber.cursor;
        subscriber.deliver(fresh);
      }
    });
  };

  let nudged: ReturnType<typeof setTimeout> | null = null;
  const nudge = () => {
    nudged ??= setTimeout(() => {
      nudged = null;
      poll();
    }, NUDGE_DELAY_MS);
  };

  const ensureTimer = () => {
    timer ??= setInterval(poll, options.intervalMs ?? FEED_INTERVAL_MS);
  };

  return {
    subscribe(afterId, deliver) {
      const entry = { cursor: 0, deliver };
      const latest = source.latestEventId();
      if (afterId === null) entry.cursor = latest;
      else
        // Ids never go back within a database: one beyond the last is from another database
        // (deleted, or moved with PUNIE_HOME), so everything in this one is new to the client.
        entry.cursor = readAfter(afterId > latest ? 0 : afterId, (events) => {
          entry.cursor = events.at(-1)?.id ?? entry.cursor;
          deliver(events);
        });
      // Alone, it needs nothing older than its own position: the poller starts there.
      if (subscribers.size === 0) head = Math.max(head, entry.cursor);
      subscribers.add(entry);
      ensureTimer();
      return {
        get cursor() {
          return entry.cursor;
        },
        close() {
          subscribers.delete(entry);
        },
      };
    },
    poll,
    nudge,
    get subscribers() {
      return subscribers.size;
    },
    stop() {
      if (timer) clearInterval(timer);
      if (nudged) clearTimeout(nudged);
      timer = null;
      nudged = null;
      subscribers.clear();
    },
  };
}
