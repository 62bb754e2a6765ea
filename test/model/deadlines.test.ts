import { afterEach, describe, expect, test } from "bun:test";
import { type DeadlineKind, type Deadlines, startDeadlines } from "../../src/model/deadlines.ts";

const running: Deadlines[] = [];
afterEach(() => {
  for (const deadlines of running.splice(0)) deadlines.stop();
});

type Watch = { t0: number; expired: Array<{ kind: DeadlineKind; atMs: number }>; probes: number[]; answered: boolean; deadlines: Deadlines };

/** Starts the deadlines with real timers; `expired` notes what passed and when (ms from the start). */
function watch(times: { connectTimeoutMs: number; firstTokenTimeoutMs: number; chunkTimeoutMs: number }, reachable = false): Watch {
  const started = performance.now();
  const state = { t0: started, expired: [], probes: [], answered: false } as unknown as Watch;
  state.deadlines = startDeadlines(times, {
    answered: () => state.answered,
    probe: () => {
      state.probes.push(performance.now() - started);
      return Promise.resolve(reachable);
    },
    expire: (kind) => state.expired.push({ kind, atMs: performance.now() - started }),
  });
  running.push(state.deadlines);
  return state;
}

/** Waits until `done()` holds (a busy machine may run timers late), at most 3 s. */
async function until(done: () => boolean): Promise<void> {
  const end = performance.now() + 3000;
  while (!done() && performance.now() < end) await Bun.sleep(5);
}

describe("one timer for the three deadlines of a request", () => {
  test("an unanswered request probes at the connect deadline; an unreachable server is a connect timeout, then the first-token deadline still passes", async () => {
    const state = watch({ connectTimeoutMs: 30, firstTokenTimeoutMs: 300, chunkTimeoutMs: 1000 });
    await until(() => state.expired.length > 0);
    expect(state.probes.length).toBe(1);
    expect(state.probes[0]).toBeGreaterThanOrEqual(29);
    expect(state.expired.map((entry) => entry.kind)).toEqual(["connect"]);
    await until(() => state.expired.length > 1);
    expect(state.expired.map((entry) => entry.kind)).toEqual(["connect", "firstToken"]);
    expect(state.expired[1]?.atMs).toBeGreaterThanOrEqual(299);
  });

  test("a reachable server (or one that answered) is no connect timeout: only the first-token deadline passes", async () => {
    const probed = watch({ connectTimeoutMs: 20, firstTokenTimeoutMs: 70, chunkTimeoutMs: 1000 }, true);
    const answered = watch({ connectTimeoutMs: 20, firstTokenTimeoutMs: 70, chunkTimeoutMs: 1000 });
    answered.answered = true;
    await until(() => probed.expired.length > 0 && answered.expired.length > 0);
    await Bun.sleep(30);
    expect(probed.probes.length).toBe(1);
    expect(probed.expired.map((entry) => entry.kind)).toEqual(["firstToken"]);
    expect(probed.expired[0]?.atMs).toBeGreaterThanOrEqual(69);
    expect(answered.probes).toEqual([]);
    expect(answered.expired.map((entry) => entry.kind)).toEqual(["firstToken"]);
  });

  test("output before the first-token deadline: reads keep the reply alive, silence of the between-chunk time ends it", async () => {
    const state = watch({ connectTimeoutMs: 10_000, firstTokenTimeoutMs: 60, chunkTimeoutMs: 250 });
    state.answered = true;
    await Bun.sleep(20);
    state.deadlines.started();
    // Reads well past the first-token deadline.
    const readsEnd = performance.now() + 300;
    while (performance.now() < readsEnd) {
      await Bun.sleep(10);
      state.deadlines.read();
    }
    expect(state.expired).toEqual([]);
    const lastReadMs = performance.now() - state.t0;
    await until(() => state.expired.length > 0);
    expect(state.expired.map((entry) => entry.kind)).toEqual(["chunk"]);
    // Not before the between-chunk time after the last read.
    expect(state.expired[0]!.atMs - lastReadMs).toBeGreaterThanOrEqual(249);
  });

  test("a between-chunk time shorter than the armed deadline passes on time", async () => {
    const state = watch({ connectTimeoutMs: 10_000, firstTokenTimeoutMs: 10_000, chunkTimeoutMs: 40 });
    state.answered = true;
    state.deadlines.started();
    await until(() => state.expired.length > 0);
    expect(state.expired.map((entry) => entry.kind)).toEqual(["chunk"]);
    // On time, not at the first-token or connect deadline (10 s) the timer was armed for.
    expect(state.expired[0]!.atMs).toBeGreaterThanOrEqual(39);
    expect(state.expired[0]!.atMs).toBeLessThan(2000);
  });

  test("stopped: nothing passes", async () => {
    const state = watch({ connectTimeoutMs: 10, firstTokenTimeoutMs: 20, chunkTimeoutMs: 10 });
    state.deadlines.stop();
    await Bun.sleep(60);
    expect(state.probes).toEqual([]);
    expect(state.expired).toEqual([]);
  });
});
