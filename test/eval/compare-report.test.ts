import { expect, test } from "bun:test";
import { join } from "node:path";
import { compareRuns } from "../../src/eval/compare.ts";
import { renderCompareReport } from "../../src/eval/compare-report.tsx";
import { renderRunReport } from "../../src/eval/report.tsx";
import { runEval } from "../../src/eval/run-eval.ts";
import { loadRun, summarizeStored } from "../../src/eval/runs.ts";
import { defaultStorePath, openStore } from "../../src/store/index.ts";
import { startScriptedServer } from "../../src/testing/scripted-server.ts";
import { byPrompt, evalOptions, evalSandboxEachTest } from "./helpers.ts";

const t = evalSandboxEachTest();

const SUITE = `
name: pair
prompts:
  - {id: steady, category: talk, prompt: "STEADY", expect: {keywords: [fine]}}
  - {id: fragile, category: talk, prompt: "FRAGILE", expect: {keywords: [alpha, beta]}}
`;

async function runWith(answers: Record<string, string>, suite: string): Promise<string> {
  t.server = await startScriptedServer({ script: byPrompt(Object.fromEntries(Object.entries(answers).map(([key, text]) => [key, [{ text }]]))) });
  const { summary } = await runEval(evalOptions(t.box, { suite, model: `local:${t.server.url}/m` }));
  await t.server.stop();
  t.server = null;
  return summary.runId;
}

test("runs are stored; compare lists the prompt whose score dropped first, as a regression", async () => {
  const suite = join(t.box.dir, "suite.yaml");
  await Bun.write(suite, SUITE);
  const before = await runWith({ STEADY: "fine", FRAGILE: "alpha and beta" }, suite);
  const after = await runWith({ STEADY: "fine", FRAGILE: "alpha only" }, suite);
  const store = openStore({ path: defaultStorePath({ PUNIE_HOME: t.box.home }) });
  try {
    const runs = [before, after].map((id) => summarizeStored(loadRun(store, id)));
    expect(runs.map((run) => run.status)).toEqual(["done", "done"]);
    const comparison = compareRuns(runs);
    expect(comparison.regressions).toEqual([{ id: "fragile", from: 1, to: 0.5 }]);
    expect(comparison.prompts.map((prompt) => prompt.id)).toEqual(["fragile", "steady"]);
    expect(comparison.prompts[0]?.deltas).toEqual([0, -0.5]);
    const html = renderCompareReport(comparison);
    expect(html).toContain("▼ ");
    expect(html).toContain("-50.0");
    // A unique prefix finds a run; an unknown id is one line.
    expect(loadRun(store, before.slice(0, -2)).record.id).toBe(before);
    expect(() => loadRun(store, "nope")).toThrow('No eval run "nope" (see punie eval list).');
  } finally {
    store?.close();
  }
});

test("the HTML report escapes an answer holding markup, and loads nothing from outside", async () => {
  const suite = join(t.box.dir, "suite.yaml");
  await Bun.write(suite, "name: x\nprompts:\n  - {id: p, prompt: MARKUP, expect: {keywords: [alert]}}\n");
  t.server = await startScriptedServer({ script: byPrompt({ MARKUP: [{ text: '<script>alert("x")</script><img src=x onerror=alert(1)>' }] }) });
  const { summary } = await runEval(evalOptions(t.box, { suite, model: `local:${t.server.url}/m` }));
  const html = renderRunReport(summary);
  expect(html).not.toContain("<script>alert");
  expect(html).not.toContain("<img src=x");
  expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  expect(html).toContain("<svg");
  expect(html).toContain("100.0%");
});
