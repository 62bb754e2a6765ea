import { describe, expect, test } from "bun:test";
import { buildPerfSeries, formatPerfTable, perfSummary, summarizePerf, type PerfRows } from "../../src/perf/index.ts";
import { createSession, recordTurn } from "../../src/store/index.ts";
import { readThenAnswerTurn, tempStore } from "../store/fixtures.ts";

const HOUR = 3_600_000;
const t0 = Date.parse("2026-03-10T00:00:00Z");

const ran = { refused: false, waitMs: 0 };
const rows: PerfRows = {
  tools: [
    ...[10, 20, 30, 40].map((durationMs, i) => ({ name: "read_file", backend: "ide" as const, status: "completed", durationMs, startedAt: t0 + i * HOUR, ...ran })),
    { name: "read_file", backend: "local" as const, status: "completed", durationMs: 2, startedAt: t0, ...ran },
    { name: "run", backend: "local" as const, status: "failed", durationMs: 1000, startedAt: t0, ...ran },
    // Allowed after the person thought for 2 s: the 2 s are waiting, not tool time.
    { name: "run", backend: "local" as const, status: "completed", durationMs: 3000, startedAt: t0 + HOUR, refused: false, waitMs: 2_000 },
    { name: "run", backend: "local" as const, status: "in_progress", durationMs: null, startedAt: t0 + HOUR, ...ran },
    // Rejected after a minute: a refusal, neither a failure nor a duration.
    { name: "run", backend: "local" as const, status: "failed", durationMs: 60_005, startedAt: t0, refused: true, waitMs: 60_000 },
  ],
  requests: [100, 200, 300, 400].map((durationMs, i) => ({
    model: "m",
    durationMs,
    firstEventMs: durationMs / 10,
    inputTokens: 10,
    outputTokens: 1,
    finish: [null, "stop", "length", "stop"][i] ?? null,
    startedAt: t0,
  })),
  turns: [
    { sessionId: "a", model: "m", frontend: "acp", backend: "ide", stopReason: "end_turn", startedAt: t0, endedAt: t0 + 1, modelMs: 300, toolMs: 100, inputTokens: 20, outputTokens: 2, peakRss: 5000 },
    { sessionId: "a", model: "m", frontend: "acp", backend: "ide", stopReason: "end_turn", startedAt: t0, endedAt: t0 + 1, modelMs: 300, toolMs: 4002, inputTokens: 10, outputTokens: 1, peakRss: 9000 },
    { sessionId: "b", model: "m", frontend: "ask", backend: "local", stopReason: "end_turn", startedAt: t0, endedAt: t0 + 1, modelMs: 0, toolMs: 0, inputTokens: 0, outputTokens: 0, peakRss: 100 },
  ],
};

describe("summarizePerf", () => {
  const summary = summarizePerf(rows, t0);

  test("groups by tool and backend, busiest first, with failure rates and p50/p95", () => {
    expect(summary.tools.map((tool) => [tool.name, tool.backend, tool.count, tool.refusals, tool.failures])).toEqual([
      ["read_file", "ide", 4, 0, 0],
      ["run", "local", 4, 1, 2],
      ["read_file", "local", 1, 0, 0],
    ]);
    const read = summary.tools[0];
    expect(read?.p50Ms).toBe(25);
    expect(read?.p95Ms).toBeCloseTo(38.5);
    // Of the three calls that ran, two did not complete; the refused one is no failure.
    expect(summary.tools[1]?.failureRate).toBeCloseTo(2 / 3);
    // The unfinished call counts as a failure but has no duration to rank; the refused one has none either.
    expect(summary.tools[1]?.p50Ms).toBe(2000);
    expect(summary.tools[1]?.totalMs).toBe(4000);
  });

  test("time waiting for a person's answer is apart from tool time", () => {
    expect(summary.tools[1]?.waitMs).toBe(62_000);
    expect(summary.waitMs).toBe(62_000);
    const table = formatPerfTable(summary);
    expect(table).toContain("waiting for you 1 min 2 s");
    expect(table).toMatch(/run\s+local\s+4\s+1\s+67%\s+2\.00 s\s+2\.90 s\s+1 min 2 s/);
  });

  test("a database without waiting times says so rather than showing zero", () => {
    const old = summarizePerf({ ...rows, tools: rows.tools.map((row) => ({ ...row, waitMs: null })) }, t0);
    expect(old.waitMs).toBeNull();
    expect(formatPerfTable(old)).not.toContain("waiting for you 0");
  });

  test("model request stats, prompt and session counts, peak memory", () => {
    // One definition of failed: no finish (the first request); cut off by the token limit is apart.
    expect(summary.model).toMatchObject({ requests: 4, p50Ms: 250, firstEventP50Ms: 25, inputTokens: 40, outputTokens: 4, failures: 1, truncated: 1 });
    expect(summary).toMatchObject({ prompts: 3, sessions: 2, modelMs: 600, toolMs: 4102, peakRss: 9000 });
  });

  test("the text table lists every tool row and the model row", () => {
    const table = formatPerfTable(summary);
    expect(table).toContain("3 prompts in 2 sessions");
    expect(table).toMatch(/read_file\s+ide\s+4\s+0\s+0%\s+25 ms\s+39 ms/);
    expect(table).toMatch(/\(model requests\)\s+4\s+25%\s+250 ms/);
    expect(table).toContain("1 cut off by max tokens");
  });
});

describe("buildPerfSeries", () => {
  test("buckets by hour within two days, per tool and backend", () => {
    const series = buildPerfSeries(rows);
    expect(series.bucketMs).toBe(HOUR);
    const run = series.tools.find((tool) => tool.name === "run");
    expect(run?.points).toEqual([
      // The refused call is not in the chart: it never ran.
      { start: t0, count: 1, failures: 1, p50Ms: 1000, p95Ms: 1000 },
      { start: t0 + HOUR, count: 2, failures: 1, p50Ms: 3000, p95Ms: 3000 },
    ]);
    expect(series.tools.find((tool) => tool.name === "read_file" && tool.backend === "ide")?.points).toHaveLength(4);
  });

  test("buckets by day over longer windows", () => {
    const series = buildPerfSeries({ ...rows, tools: [rows.tools[0]!, { ...rows.tools[1]!, startedAt: t0 + 5 * 24 * HOUR }] });
    expect(series.bucketMs).toBe(24 * HOUR);
  });
});

describe("perfSummary", () => {
  test("reads what recordTurn stored, honouring since", () => {
    const { store } = tempStore();
    createSession(store, { id: "s", cwd: "/p" });
    recordTurn(store, "s", readThenAnswerTurn("old", 1_000));
    recordTurn(store, "s", readThenAnswerTurn("new", 1_000_000));
    expect(perfSummary(store).tools).toMatchObject([
      { name: "read_file", backend: "ide", count: 2, refusals: 0, failures: 0, failureRate: 0, p50Ms: 8, p95Ms: 8, totalMs: 16 },
    ]);
    const recent = perfSummary(store, { since: 500_000 });
    expect(recent.prompts).toBe(1);
    expect(recent.model.requests).toBe(2);
    expect(recent.model.p50Ms).toBe(100);
  });
});
