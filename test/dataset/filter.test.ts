import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { copyFile } from "node:fs/promises";
import { join } from "node:path";
import { filterDataset, type FilterOptions } from "../../src/dataset/filter.ts";
import { findRemoval } from "../../src/dataset/python-removed.ts";
import { validateDataset } from "../../src/dataset/validate.ts";
import { FIXTURES, readJsonl, runCli, tempDir } from "./helpers.ts";

const FILTER_INPUT = join(FIXTURES, "filter", "train.jsonl");
const hasPython = Bun.which("python3") !== null;

const base = (over: Partial<FilterOptions> = {}): FilterOptions => ({
  minLength: 20,
  strict: false,
  force: false,
  onProblem: () => {},
  ...over,
});

describe("dataset filter", () => {
  test.skipIf(!hasPython)("removes each row for its reason and keeps the rest", async () => {
    const dir = await tempDir();
    const out = join(dir, "out.jsonl");
    const removed = join(dir, "removed.jsonl");
    const problems: string[] = [];
    const report = await filterDataset(FILTER_INPUT, out, base({
      language: "en", minPython: 12, minMessages: 2, maxTokens: 400, quality: true, dedup: true, removedPath: removed,
      onProblem: (p) => problems.push(`${p.line}: ${p.reason}`),
    }));
    const expected = (await Bun.file(join(FIXTURES, "filter", "expected.json")).json()) as string[];
    const removedRows = await readJsonl(removed);
    const reasonByLine = new Map(removedRows.map((r) => [r.line as number, r.reason as string]));
    expected.forEach((reason, i) => expect(reasonByLine.get(i + 1) ?? "kept", `line ${i + 1}`).toBe(reason));
    expect(report.kept).toBe(2);
    expect(report.reasons).toMatchObject({ language: 1, python: 5, "max-tokens": 1, quality: 2, "min-messages": 1, duplicate: 1, "near-duplicate": 1, broken: 1 });
    // The broken line is reported, not silently dropped.
    expect(problems).toEqual([expect.stringMatching(/^14: bad JSON/)]);
    // Removed rows say why, with the reason a person can act on.
    const details = removedRows.map((r) => r.detail as string);
    expect(details).toContain("uses distutils, removed in Python 3.12");
    expect(details).toContain("uses ssl.wrap_socket, removed in Python 3.12 (use SSLContext.wrap_socket)");
    expect(details.some((d) => d.includes("Missing parentheses in call to 'print'"))).toBe(true);
    // cgi was removed in 3.13, so it survives --min-python 3.12 but not 3.13.
    const kept = await readJsonl(out);
    expect(JSON.stringify(kept)).toContain("import cgi");
    const strictFacts = { imports: ["cgi"], attrs: [] };
    expect(findRemoval(strictFacts, 12)).toBeUndefined();
    expect(findRemoval(strictFacts, 13)?.name).toBe("cgi");
  });

  test("--language ignores code blocks and keeps rows too short to judge", async () => {
    const dir = await tempDir();
    const input = join(dir, "in.jsonl");
    const fr = "Voici comment on écrit une fonction qui additionne deux nombres, c'est très simple à comprendre.";
    const code = "```python\n# this comment is English, the prose around it is not English at all\ndef add(a, b):\n    return a + b\n```";
    await Bun.write(input, [
      { messages: [{ role: "user", content: "Écris une fonction d'addition, s'il te plaît, avec une explication." }, { role: "assistant", content: `${fr}\n\n${code}` }] },
      { messages: [{ role: "user", content: "ok?" }, { role: "assistant", content: "yes" }] },
    ].map((r) => JSON.stringify(r)).join("\n"));
    const report = await filterDataset(input, join(dir, "out.jsonl"), base({ language: "en" }));
    expect(report.reasons.language).toBe(1);
    expect(report.kept).toBe(1);
    const french = await filterDataset(input, join(dir, "fr.jsonl"), base({ language: "fr" }));
    expect(french.kept).toBe(2);
  });

  test("--require-tools keeps only examples that call tools; directories map to directories", async () => {
    const dir = await tempDir();
    const report = await filterDataset(join(FIXTURES, "valid"), join(dir, "out"), base({ requireTools: true }));
    expect(report.kept).toBe(2);
    expect(report.reasons["require-tools"]).toBe(11);
    expect(existsSync(join(dir, "out", "train.jsonl"))).toBe(true);
    expect((await readJsonl(join(dir, "out", "train.jsonl"))).every((r) => "tools" in r)).toBe(true);
  });

  test("refuses to overwrite without --force and to write into an input", async () => {
    const dir = await tempDir();
    const input = join(dir, "in.jsonl");
    await copyFile(join(FIXTURES, "valid", "valid.jsonl"), input);
    await expect(filterDataset(input, input, base({ force: true }))).rejects.toThrow("is one of the inputs");
    const out = join(dir, "out.jsonl");
    await Bun.write(out, "precious\n");
    await expect(filterDataset(input, out, base())).rejects.toThrow("pass --force");
    expect(await Bun.file(out).text()).toBe("precious\n");
    await filterDataset(input, out, base({ force: true }));
    expect((await readJsonl(out)).length).toBe(4);
  });

  test("CLI: an unknown --language, a bad --min-python or --max-tokens are usage mistakes (exit 2) and write nothing", async () => {
    const dir = await tempDir();
    for (const [flag, value, message] of [
      ["--language", "zz", "punie dataset filter: --language zz: unknown language code; give en, fr"],
      ["--min-python", "2.7", "punie dataset filter: --min-python 2.7: expected a Python 3 version such as 3.12"],
      ["--max-tokens", "many", "punie dataset filter: --max-tokens many: expected a whole number"],
    ] as const) {
      const out = join(dir, `${flag.slice(2)}.jsonl`);
      const result = await runCli(["filter", FILTER_INPUT, "-o", out, flag, value]);
      expect(result.code).toBe(2);
      expect(result.stderr).toStartWith(message);
      expect(existsSync(out)).toBe(false);
    }
    // ISO 639-1 codes Punie maps and ISO 639-3 codes are taken.
    expect((await runCli(["filter", FILTER_INPUT, "-o", join(dir, "fr.jsonl"), "--language", "fr"])).code).toBe(0);
    expect((await runCli(["filter", FILTER_INPUT, "-o", join(dir, "deu.jsonl"), "--language", "deu"])).code).toBe(0);
  });

  test("--strict stops at a broken line and leaves no output behind", async () => {
    const dir = await tempDir();
    const out = join(dir, "out.jsonl");
    await expect(filterDataset(FILTER_INPUT, out, base({ strict: true }))).rejects.toThrow(":14: bad JSON");
    expect(existsSync(out)).toBe(false);
  });

  test("--min-python without python3 fails clearly", async () => {
    const dir = await tempDir();
    await expect(filterDataset(FILTER_INPUT, join(dir, "o.jsonl"), base({ minPython: 12, python: "/nonexistent/python3" }))).rejects.toThrow(
      "--min-python needs /nonexistent/python3",
    );
  });

  test.skipIf(!hasPython)("CLI: filtered output validates, report on stdout as JSON", async () => {
    const dir = await tempDir();
    const out = join(dir, "clean");
    const result = await runCli(["filter", join(FIXTURES, "valid"), "-o", out, "--quality", "--min-length", "1", "--dedup", "--min-python", "3.8", "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ kept: 13, removed: 0 });
    const validation = await validateDataset(out, { batchSize: 1, onProblem: () => {} });
    expect(validation.ok).toBe(true);
  }, 15_000);
});
