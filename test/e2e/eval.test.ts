/** `punie eval` from the built binary, as a user runs it. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getSession, openStore } from "../../src/store/index.ts";
import { startAgentProcess } from "../../src/testing/acp-client.ts";
import { type ScriptedServer, startScriptedServer } from "../../src/testing/scripted-server.ts";
import { promptOf } from "../eval/helpers.ts";
import { agentCommand } from "./harness.ts";

let base = "";
let server: ScriptedServer | null = null;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), "punie-e2e-eval-"));
  await mkdir(join(base, "home"));
  await mkdir(join(base, "tmp"));
});
afterEach(async () => {
  await server?.stop();
  server = null;
  await rm(base, { recursive: true, force: true });
});

type Run = { code: number; stdout: string; stderr: string };

function spawnEval(args: string[]) {
  return agentCommand().then((command) =>
    Bun.spawn([...command, "eval", ...args], {
      cwd: base,
      // A private TMPDIR: the test sees every copy eval makes, and that none is left behind.
      env: { ...process.env, PUNIE_HOME: join(base, "home"), TMPDIR: join(base, "tmp"), PUNIE_MODEL: undefined, PUNIE_MODEL_RETRIES: "0", NO_COLOR: "1" },
      stdout: "pipe",
      stderr: "pipe",
      stdin: "ignore",
    }),
  );
}

async function punieEval(args: string[]): Promise<Run> {
  const proc = await spawnEval(args);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

/**
 * Keys with an underscore, by path: every --json of punie is camelCase. What the model or the user
 * named is data, not format: a tool call's arguments, a grid's sampling settings (request fields).
 */
function snakeKeys(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => snakeKeys(item, `${path}[${index}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...(key.includes("_") ? [`${path}.${key}`] : []),
    ...(key === "arguments" || key === "settings" ? [] : snakeKeys(item, `${path}.${key}`)),
  ]);
}

test("the offline demo: --suite tools --model test prints one JSON document and writes the report", async () => {
  const report = join(base, "report.html");
  const run = await punieEval(["--suite", "tools", "--model", "test", "--json", "--output", report, "--concurrency", "4"]);
  expect(run.code).toBe(0);
  const doc = JSON.parse(run.stdout);
  expect(Object.keys(doc)).toEqual(expect.arrayContaining(["runId", "suite", "model", "score", "successRate", "durationMs", "prompts"]));
  expect(doc).toMatchObject({ suite: "tools", model: "test" });
  expect(doc.prompts.length).toBeGreaterThanOrEqual(8);
  // The test model really works: it finds the definition, lists the folder, waits for the job…
  const byId = Object.fromEntries(doc.prompts.map((prompt: { id: string }) => [prompt.id, prompt]));
  expect(byId["find-definition"]).toMatchObject({ score: 1, toolCalls: [{ name: "search_text", format: "structured" }] });
  expect(byId["background-job"].score).toBe(1);
  expect(byId["refused-cleanup"]).toMatchObject({ score: 1, parts: { check: 1 } });
  // …and cannot fix code (no AI): the suite tells the difference.
  expect(byId["fix-failing-test"].parts.check).toBe(0);
  expect(doc.score).toBeGreaterThan(0.5);
  expect(doc.score).toBeLessThan(1);
  for (const prompt of doc.prompts) expect(Object.keys(prompt)).toEqual(expect.arrayContaining(["id", "category", "score", "parts", "toolCalls", "steps", "requests", "tokens", "durationMs", "stopReason", "answer"]));
  expect(run.stderr).toMatch(/\[\d+\/10\] ✓ find-definition 1\.00/);
  expect(run.stderr).toMatch(/10\/10 done · 0 running · score so far/);
  const html = await Bun.file(report).text();
  expect(html).toStartWith("<!DOCTYPE html>");
  expect(html).toContain("find-definition");
  expect(await readdir(join(base, "tmp"))).toEqual([]);

  const list = await punieEval(["list", "--json"]);
  expect(JSON.parse(list.stdout)).toMatchObject([{ runId: doc.runId, suite: "tools", status: "done" }]);
  const shown = await punieEval(["show", doc.runId, "--json"]);
  expect(JSON.parse(shown.stdout).score).toBeCloseTo(doc.score);

  // `punie eval compare BEFORE AFTER`, as the README shows it: two run ids, two words.
  const again = await punieEval(["--suite", "baseline", "--model", "test", "--json"]);
  const second = JSON.parse(again.stdout).runId;
  const compared = await punieEval(["compare", doc.runId, second, "--json", "-o", "compare.html"]);
  expect(compared.stderr).toBe("Report: compare.html\n");
  expect(compared.code).toBe(0);
  expect(JSON.stringify(JSON.parse(compared.stdout))).toContain(second);
  for (const printed of [run, list, shown, again, compared]) expect(snakeKeys(JSON.parse(printed.stdout))).toEqual([]);
}, 120_000);

test("--keep keeps each prompt's copy and says where", async () => {
  const run = await punieEval(["--suite", "baseline", "--model", "test", "--keep"]);
  expect(run.code).toBe(0);
  const kept = /Copies kept in (\S+)/.exec(run.stderr)?.[1] ?? "";
  expect(kept.startsWith(join(base, "tmp"))).toBe(true);
  expect((await readdir(kept)).sort()).toContain("tool-01-1");
  expect(await Bun.file(join(kept, "tool-01-1", "work", "hosts")).exists()).toBe(true);
});

describe("bad input: one line, exit code, nothing run", () => {
  test("an invalid suite names the file, the prompt and the key", async () => {
    await Bun.write(join(base, "bad.yaml"), "name: bad\nprompts:\n  - id: p1\n    prompt: hi\n    expect: {tools: [{name: read_file, args: {path: {startswith: a}}}]}\n");
    const run = await punieEval(["--suite", "bad.yaml", "--model", "test"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain('Invalid suite bad.yaml: prompt "p1": expect.tools[0].args.path');
  });

  test.each([
    [["--suite", "nope"], 1, 'No suite "nope"'],
    [["--model", "test", "--concurency", "2"], 2, "punie eval: unknown flag --concurency (did you mean --concurrency?)"],
    [["--model", "test", "--min-score", "80"], 2, "punie eval: --min-score is a score from 0 to 1"],
    [["--model", "test", "--timeout", "soon"], 2, "punie eval: --timeout must be a number of seconds"],
    [["--suite", "baseline", "--model", "test", "--output", "."], 1, "Cannot write the report: .: is a directory"],
    [["show", "missing-run"], 1, 'No eval run "missing-run"'],
    [["compare", "only-one"], 2, "needs at least two run ids"],
  ])("%j", async (args, code, message) => {
    const run = await punieEval(args);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain("    at ");
  });
});

test("--min-score exits 1 when the score is below it", async () => {
  const run = await punieEval(["--suite", "baseline", "--model", "test", "--min-score", "0.99"]);
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/Score 0\.\d+ is below --min-score 0\.99/);
});

test("Ctrl-C stops the prompts in flight (exit 130); --resume runs only the missing prompts", async () => {
  await Bun.write(
    join(base, "three.yaml"),
    "name: three\nprompts:\n" + ["ALPHA", "BRAVO", "CHARLIE"].map((word) => `  - {id: ${word.toLowerCase()}, prompt: "${word} says ok", expect: {keywords: [ok]}}\n`).join(""),
  );
  const bravoAsked = Promise.withResolvers<void>();
  let stopped = false;
  server = await startScriptedServer({
    script: (request) => {
      // BRAVO hangs until the first run is stopped, then answers like the others.
      if (!stopped && promptOf(request).prompt.startsWith("BRAVO")) {
        bravoAsked.resolve();
        return { kind: "hang" };
      }
      return { text: "ok" };
    },
  });
  const proc = await spawnEval(["--suite", "three.yaml", "--model", `local:${server.url}/m`]);
  await bravoAsked.promise;
  proc.kill("SIGINT");
  const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  expect(code).toBe(130);
  const runId = /--resume (\S+)/.exec(stderr)?.[1] ?? "";
  expect(runId).not.toBe("");
  expect(await readdir(join(base, "tmp"))).toEqual([]);
  const shown = JSON.parse((await punieEval(["show", runId, "--json"])).stdout);
  expect(shown).toMatchObject({ status: "interrupted", prompts: [{ id: "alpha", score: 1 }] });

  stopped = true;
  const before = server.requests.length;
  const resumed = await punieEval(["--resume", runId, "--json"]);
  expect(resumed.code).toBe(0);
  expect(server.requests.slice(before).map((request) => promptOf(request).prompt.split(" ")[0])).toEqual(["BRAVO", "CHARLIE"]);
  const doc = JSON.parse(resumed.stdout);
  expect(doc.runId).toBe(runId);
  expect(doc.status).toBe("done");
  expect(doc.prompts.map((prompt: { id: string }) => prompt.id)).toEqual(["alpha", "bravo", "charlie"]);
});

test("eval grid sends each combination's sampling values with every request and ranks the runs best first", async () => {
  await Bun.write(join(base, "one.yaml"), 'name: one\nprompts:\n  - {id: p, prompt: "SAY words", expect: {keywords: [alpha, beta]}}\n');
  // The scripted model answers better when cooler: temperature 0 finds both words, 0.7 one.
  server = await startScriptedServer({ script: (request) => ({ text: request.temperature === 0 ? "alpha beta" : "alpha" }) });
  const run = await punieEval(["grid", "--suite", "one.yaml", "--model", `local:${server.url}/m`, "--temperatures", "0.7,0", "--top-ps", "0.9", "--repetition-penalties", "1.1", "--json", "-o", "grid.html"]);
  expect(run.code).toBe(0);
  expect(server.requests.map((request) => [request.temperature, request.top_p, request.repetition_penalty])).toEqual([
    [0.7, 0.9, 1.1],
    [0, 0.9, 1.1],
  ]);
  const doc = JSON.parse(run.stdout);
  expect(doc.results.map((row: { settings: object; score: number }) => [row.settings, row.score])).toEqual([
    [{ temp: 0, top_p: 0.9, repetition_penalty: 1.1 }, 1],
    [{ temp: 0.7, top_p: 0.9, repetition_penalty: 1.1 }, 0.5],
  ]);
  expect(snakeKeys(doc)).toEqual([]);
  const html = await Bun.file(join(base, "grid.html")).text();
  expect(html.indexOf("temp=0 top_p")).toBeLessThan(html.indexOf("temp=0.7 top_p"));
});

test("eval sessions are recorded with source eval but the IDE's session/list never shows them", async () => {
  const run = await punieEval(["--suite", "baseline", "--model", "test", "--json"]);
  expect(run.code).toBe(0);
  const sessionId = JSON.parse(run.stdout).prompts[0].sessionId;
  const store = openStore({ path: join(base, "home", "punie.db") });
  try {
    expect(getSession(store!, sessionId)?.source).toBe("eval");
  } finally {
    store?.close();
  }
  const agent = await startAgentProcess({ command: await agentCommand(), cwd: base, env: { PUNIE_HOME: join(base, "home"), PUNIE_MODEL: undefined } });
  try {
    await agent.agent.request("initialize", { protocolVersion: 1, clientCapabilities: {} });
    expect((await agent.agent.request("session/list", {})).sessions).toEqual([]);
  } finally {
    await agent.close();
  }
});
