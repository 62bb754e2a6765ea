import { describe, expect, test } from "bun:test";
import { buildPerfSeries, renderPerfReport, renderTurnReport, summarizePerf } from "../../src/perf/index.ts";
import { createTurnRecorder } from "../../src/session/turn-recorder.ts";
import { readThenAnswerTurn } from "../store/fixtures.ts";

const evil = `<script>alert("x")</script><img src="https://evil.example/x.png">`;

function hostileTurn() {
  const recorder = createTurnRecorder({ prompt: evil, instructions: "", tools: [], model: evil, backend: "local", frontend: "ask" });
  recorder.push({ type: "tool_call", toolCallId: "c", name: evil, kind: "execute", title: evil, locations: [], rawInput: {} });
  recorder.push({ type: "tool_call_update", toolCallId: "c", status: "failed", durationMs: 12 });
  return recorder.finish({ stopReason: "end_turn", usage: { inputTokens: 1, outputTokens: 1 }, messages: [], error: evil });
}

function expectSafe(html: string) {
  expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
  expect(html).not.toContain("<script");
  expect(html).not.toContain("<img");
  expect(html).toContain("&lt;script&gt;");
  // Self-contained: no tag loads anything and no attribute holds a URL (user text may mention one, escaped).
  expect(html).not.toMatch(/<[^>]*\s(?:src|href|xlink:href)\s*=/i);
  expect(html).not.toMatch(/="[^"]*(?:https?:)?\/\//i);
  expect(html).not.toMatch(/<link|@import|url\(/i);
}

describe("renderTurnReport", () => {
  test("shows the summary, the tool table, time bars and memory", () => {
    const html = renderTurnReport(readThenAnswerTurn("What is in a.py?"));
    expect(html).toContain("What is in a.py?");
    expect(html).toContain("Model time");
    expect(html).toContain("200 ms"); // two model requests, 120 + 80
    expect(html).toContain("end_turn");
    expect(html).toMatch(/<td>read_file<\/td><td>a\.py<\/td><td>ide<\/td><td class="status-completed">completed<\/td><td class="num">8 ms<\/td>/);
    expect(html).toContain("Peak RSS");
    expect(html).toContain("300 B");
    expect(html).toContain("<svg");
    expect(html).toContain("<polyline");
  });

  test("escapes everything that came from the user, the model or a tool", () => {
    const html = renderTurnReport(hostileTurn());
    expectSafe(html);
    expect(html).toContain("status-failed");
  });
});

describe("renderPerfReport", () => {
  test("tables and charts each tool over time, escaped and self-contained", () => {
    const t0 = Date.parse("2026-03-10T00:00:00Z");
    const rows = {
      tools: [
        { name: evil, backend: "local" as const, status: "failed", durationMs: 5, startedAt: t0, refused: false, waitMs: 0 },
        { name: "read_file", backend: "ide" as const, status: "completed", durationMs: 7, startedAt: t0 + 3_600_000, refused: true, waitMs: 4_000 },
      ],
      requests: [{ model: "m", durationMs: 100, firstEventMs: 10, inputTokens: 1, outputTokens: 1, finish: "stop", startedAt: t0 }],
      turns: [],
    };
    const html = renderPerfReport(summarizePerf(rows, null), buildPerfSeries(rows));
    expectSafe(html);
    expect(html).toContain("<td>read_file</td><td>ide</td>");
    expect(html).toContain("model requests");
    expect((html.match(/<h3>/g) ?? []).length).toBe(3);
    // The refused read is counted apart, its 4 s wait shown as waiting for you, not as tool time.
    expect(html).toMatch(/<td>read_file<\/td><td>ide<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">0%<\/td>/);
    expect(html).toMatch(/<dt>Waiting for you<\/dt><dd>4\.00 s<\/dd>/);
  });

  test("charts scale down to a narrow window instead of overflowing it", () => {
    const t0 = Date.parse("2026-03-10T00:00:00Z");
    const rows = {
      tools: [{ name: "read_file", backend: "ide" as const, status: "completed", durationMs: 7, startedAt: t0, refused: false, waitMs: 0 }],
      requests: [{ model: "m", durationMs: 100, firstEventMs: 10, inputTokens: 1, outputTokens: 1, finish: "stop", startedAt: t0 }],
      turns: [],
    };
    const html = renderPerfReport(summarizePerf(rows, null), buildPerfSeries(rows));
    const svgs = html.match(/<svg[^>]*>/g) ?? [];
    expect(svgs.length).toBeGreaterThan(0);
    for (const svg of svgs) {
      expect(svg).toContain('class="chart"');
      expect(svg).toContain("viewBox=");
      expect(svg).not.toMatch(/\swidth="\d/);
    }
    expect(html).toMatch(/svg\.chart \{[^}]*width: 100%[^}]*height: auto/);
  });

  test("an empty window renders a page that says so", () => {
    const rows = { tools: [], requests: [], turns: [] };
    const html = renderPerfReport(summarizePerf(rows, null), buildPerfSeries(rows));
    expect(html).toContain("No tool calls recorded");
  });
});

describe("renderPerfReport: what a tool that never ran shows", () => {
  test("a refused-only tool gets no 0 ms bar or empty chart; counts read '1 call'", () => {
    const t0 = Date.parse("2026-03-10T00:00:00Z");
    const rows = {
      tools: [
        { name: "run_command", backend: "local" as const, status: "completed", durationMs: 1870, startedAt: t0, refused: false, waitMs: 0 },
        { name: "write_file", backend: "local" as const, status: "failed", durationMs: null, startedAt: t0, refused: true, waitMs: 3_000 },
      ],
      requests: [],
      turns: [],
    };
    const html = renderPerfReport(summarizePerf(rows, null), buildPerfSeries(rows));
    expect(html).toContain("1.87 s · p95 1.87 s, 1 call<");
    expect(html).not.toContain("write_file (local)");
    expect(html).not.toContain("0.00 ms");
    expect(html).toContain("No timed call");
  });

  test("the longest bar leaves room for its value and note inside the chart", () => {
    const t0 = Date.parse("2026-03-10T00:00:00Z");
    const rows = {
      tools: [{ name: "a_very_long_mcp_server_tool_name_indeed", backend: "local" as const, status: "completed", durationMs: 10, startedAt: t0, refused: false, waitMs: 0 }, { name: "run_command", backend: "local" as const, status: "completed", durationMs: 1870, startedAt: t0, refused: false, waitMs: 0 }],
      requests: [{ model: "m", durationMs: 2, firstEventMs: 1, inputTokens: 1, outputTokens: 1, finish: "stop", startedAt: t0 }],
      turns: [],
    };
    const html = renderPerfReport(summarizePerf(rows, null), buildPerfSeries(rows));
    const bars = html.slice(html.indexOf("Median durations"));
    const text = /<text x="([\d.]+)" y="\d+">1\.87 s · p95 1\.87 s, 1 call<\/text>/.exec(bars);
    expect(text).not.toBeNull();
    // A long label is cut to fit left of the bars (220 units), not cut off at the chart's edge.
    const labels = [...bars.matchAll(/<text x="212" y="\d+" text-anchor="end">([^<]*)<\/text>/g)].map((match) => match[1] ?? "");
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label.length * 6.5).toBeLessThan(212);
    // 900 units wide; the text at ~6.5 units a character must end inside.
    expect(Number(text?.[1]) + "1.87 s · p95 1.87 s, 1 call".length * 6.5).toBeLessThan(900);
  });
});
