import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { validateDataset } from "../../src/dataset/validate.ts";
import type { Problem } from "../../src/dataset/rows.ts";
import { FIXTURES, runCli, tempDir, writeLines } from "./helpers.ts";

async function problemsOf(path: string, batchSize = 4): Promise<Problem[]> {
  const problems: Problem[] = [];
  await validateDataset(path, { batchSize, onProblem: (p) => problems.push(p) });
  return problems;
}

describe("dataset validate", () => {
  test("accepts a valid dataset, including unknown keys and an assistant that only calls a tool", async () => {
    expect(await problemsOf(join(FIXTURES, "valid"))).toEqual([]);
  });

  test("reports every rejection reason at its line", async () => {
    const expected = (await Bun.file(join(FIXTURES, "invalid", "expected.json")).json()) as { line: number; reason: string }[];
    const problems = await problemsOf(join(FIXTURES, "invalid"));
    for (const { line, reason } of expected) {
      const here = problems.filter((p) => p.line === line).map((p) => p.reason);
      expect(here.some((r) => r.includes(reason)), `line ${line}: wanted "${reason}", got ${JSON.stringify(here)}`).toBe(true);
    }
    // The only valid row is line 1, which fixes the file's format as chat.
    expect(problems.some((p) => p.line === 1)).toBe(false);
  });

  test("worker threads report the same problems, in file order, with the same line numbers", async () => {
    const collect = async (threads: number) => {
      const problems: Problem[] = [];
      const report = await validateDataset(join(FIXTURES, "invalid"), { batchSize: 4, threads, parallelMinBytes: 0, onProblem: (p) => problems.push(p) });
      return { report, problems };
    };
    const one = await collect(1);
    const three = await collect(3);
    expect(three).toEqual(one);
    expect(one.problems.length).toBeGreaterThan(20);
  });

  test("a file with fewer lines than the batch size is a problem", async () => {
    const problems = await problemsOf(join(FIXTURES, "invalid"));
    expect(problems).toContainEqual({ file: join(FIXTURES, "invalid", "valid.jsonl"), reason: "2 lines, fewer than the batch size 4" });
    expect((await problemsOf(join(FIXTURES, "invalid", "valid.jsonl"), 2)).length).toBe(0);
  });

  test("completions rows need a non-empty prompt and completion", async () => {
    const problems = await problemsOf(join(FIXTURES, "completions.jsonl"));
    expect(problems.map((p) => `${p.line}: ${p.reason}`)).toEqual(["2: completion: empty completion", "3: prompt: empty prompt"]);
  });

  test("text rows need text; a directory without valid.jsonl is reported", async () => {
    const dir = await tempDir();
    await writeLines(join(dir, "train.jsonl"), [{ text: "a" }, { text: " " }, { text: "c" }, { text: "d" }]);
    const problems = await problemsOf(dir);
    expect(problems.map((p) => p.reason)).toEqual(["missing (mlx_lm needs train.jsonl and valid.jsonl)", "text: empty text"]);
  });

  test("CLI: problems as file:line: reason on stdout, exit 1; exit 0 when valid", async () => {
    const bad = await runCli(["validate", join(FIXTURES, "invalid")]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`${join(FIXTURES, "invalid", "train.jsonl")}:2: bad JSON`);
    expect(bad.stdout).toContain("problems");
    const good = await runCli(["validate", join(FIXTURES, "valid"), "--json"]);
    expect(good.code).toBe(0);
    const report = JSON.parse(good.stdout);
    expect(report.ok).toBe(true);
    expect(report.files.map((f: { lines: number }) => f.lines)).toEqual([5, 4, 4]);
  });

  test("CLI: a missing path is one line on stderr and exit 1", async () => {
    const result = await runCli(["validate", "/nonexistent/data"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("/nonexistent/data: not found");
    expect(result.stderr).not.toContain("    at ");
  });
});
