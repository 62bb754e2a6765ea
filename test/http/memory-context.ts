/** A ServeContext over in-memory sessions and events, for app.request() tests of the HTTP rules. */
import { createFeed, type LiveEvent } from "../../src/http/feed.ts";
import { buildPerfSeries, type PerfRows, summarizePerf } from "../../src/perf/summary.ts";
import type { HttpSessions, ServeContext, SessionSummary } from "../../src/http/ports.ts";
import type { SecurityOptions } from "../../src/http/security.ts";
import { emptyTranscript } from "../../src/http/transcript.ts";

const NO_ROWS: PerfRows = { tools: [], requests: [], turns: [] };

export type MemoryContext = ServeContext & { events: LiveEvent[]; push(kind: LiveEvent["kind"], data: unknown): LiveEvent; sessionsById: Map<string, SessionSummary> };

export function memoryContext(security: Partial<SecurityOptions> = {}): MemoryContext {
  const events: LiveEvent[] = [];
  const sessionsById = new Map<string, SessionSummary>();
  let version = 0;
  let seen = -1;
  const feed = createFeed({
    source: {
      latestEventId: () => events.at(-1)?.id ?? 0,
      eventsAfter: (afterId, limit) => events.filter((event) => event.id > afterId).slice(0, limit),
      maybeChanged: () => {
        const changed = version !== seen;
        seen = version;
        return changed;
      },
    },
    intervalMs: 10,
  });
  const sessions: HttpSessions = {
    create: async () => ({ id: "new" }),
    owns: () => false,
    prompt: () => false,
    answer: () => false,
    cancel: () => false,
    close: async () => {},
  };
  return {
    version: "0.0.0-test",
    startedAt: Date.now(),
    model: { spec: "test", reachable: async () => true },
    security: { host: "127.0.0.1", token: null, ...security },
    reads: {
      list: () => ({ sessions: [...sessionsById.values()], next_cursor: null }),
      get: (id) => sessionsById.get(id) ?? null,
      agents: () => [],
      transcript: () => emptyTranscript(),
      turns: () => [],
      pendingPermissions: () => [],
      requestCancel: () => {},
      latestEventId: () => events.at(-1)?.id ?? 0,
      perf: () => ({ summary: summarizePerf(NO_ROWS, null), series: buildPerfSeries(NO_ROWS) }),
    },
    sessions,
    feed,
    runs: { evalRuns: () => [], trainingRuns: () => [] },
    events,
    sessionsById,
    push(kind, data) {
      const event = { id: (events.at(-1)?.id ?? 0) + 1, kind, data };
      events.push(event);
      version++;
      return event;
    },
  };
}
