import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { mergeDatasets } from "../../src/dataset/merge.ts";
import { assignSplits, splitCounts, splitFile } from "../../src/dataset/split.ts";
import { writeSampleDataset } from "../../src/dataset/sample.ts";
import { validateDataset } from "../../src/dataset/validate.ts";
import { readJsonl, runCli, tempDir, writeLines } from "./helpers.ts";

const chat = (i: number) => ({ messages: [{ role: "user", content: `question ${i}` }, { role: "assistant", content: `answer ${i}` }] });

describe("dataset merge", () => {
  test("merges per split, drops duplicates across inputs and tags the source", async () => {
    const root = await tempDir();
    const a = join(root, "alpha");
    const b = join(root, "beta");
    await writeLines(join(a, "train.jsonl"), [chat(1), chat(2)]);
    await writeLines(join(a, "valid.jsonl"), [chat(3)]);
    // chat(2) already came from alpha; a "source" from an earlier merge does not make it different.
    await writeLines(join(b, "train.jsonl"), [{ ...chat(2), source: "old" }, chat(4), "not json"]);
    const problems: string[] = [];
    const report = await mergeDatasets([a, b], join(root, "all"), { force: false, strict: false, onProblem: (p) => problems.push(p.reason) });
    const train = await readJsonl(join(root, "all", "train.jsonl"));
    expect(train.map((r) => [(r.messages as { content: string }[])[0]?.content, r.source])).toEqual([
      ["question 1", "alpha"], ["question 2", "alpha"], ["question 4", "beta"],
    ]);
    expect(report.splits.find((s) => s.split === "train")).toMatchObject({ written: 3, duplicates: 1, broken: 1 });
    expect(problems).toHaveLength(1);
    expect((await readJsonl(join(root, "all", "valid.jsonl"))).length).toBe(1);
  });

  test("refuses to merge into one of its inputs", async () => {
    const root = await tempDir();
    await writeLines(join(root, "a", "train.jsonl"), [chat(1)]);
    await expect(mergeDatasets([join(root, "a")], join(root, "a"), { force: true, strict: false, onProblem: () => {} })).rejects.toThrow("is one of the inputs");
  });
});

describe("dataset split", () => {
  test("exact counts with the remainder in train", () => {
    expect(splitCounts(10, [0.8, 0.1, 0.1])).toEqual([8, 1, 1]);
    expect(splitCounts(19, [0.8, 0.1, 0.1])).toEqual([17, 1, 1]);
    expect(splitCounts(3, [0.5, 0.25, 0.25])).toEqual([3, 0, 0]);
  });

  test("the same seed gives the same split, another seed another; nothing lost or doubled", async () => {
    const root = await tempDir();
    const input = join(root, "all.jsonl");
    await writeLines(input, Array.from({ length: 50 }, (_, i) => chat(i)));
    const run = async (name: string, seed: number) => {
      const report = await splitFile(input, join(root, name), { ratios: [0.8, 0.1, 0.1], seed, force: false, strict: false, onProblem: () => {} });
      const contents = await Promise.all(["train", "valid", "test"].map((s) => readJsonl(join(root, name, `${s}.jsonl`))));
      return { report, contents };
    };
    const first = await run("one", 7);
    const again = await run("two", 7);
    const other = await run("three", 8);
    expect(first.report.counts).toEqual({ train: 40, valid: 5, test: 5 });
    expect(again.contents).toEqual(first.contents);
    expect(other.contents).not.toEqual(first.contents);
    const all = first.contents.flat().map((r) => JSON.stringify(r)).sort();
    expect(all).toEqual(Array.from({ length: 50 }, (_, i) => JSON.stringify(chat(i))).sort());
    // Shuffled: the first 40 input lines are not simply the train split.
    expect(first.contents[0]?.map((r) => JSON.stringify(r))).not.toEqual(Array.from({ length: 40 }, (_, i) => JSON.stringify(chat(i))));
  });

  test("assignSplits is a pure function of count, ratios and seed", () => {
    expect(assignSplits(20, [0.5, 0.25, 0.25], 3)).toEqual(assignSplits(20, [0.5, 0.25, 0.25], 3));
  });

  test("CLI: bad ratios are one line and a usage mistake (exit 2)", async () => {
    const root = await tempDir();
    await writeLines(join(root, "a.jsonl"), [chat(1)]);
    const result = await runCli(["split", join(root, "a.jsonl"), "-o", join(root, "out"), "--ratios", "0.5,0.5,0.5"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toStartWith("punie dataset split: --ratios 0.5,0.5,0.5: they add up to 1.5");
  });
});

describe("dataset download sample", () => {
  test("writes train/valid/test with at least 4 lines each that validate accepts, using Punie's tools", async () => {
    const root = await tempDir();
    const counts = await writeSampleDataset(join(root, "s"), false);
    expect(Object.values(counts).every((n) => n >= 4)).toBe(true);
    const report = await validateDataset(join(root, "s"), { batchSize: 4, onProblem: (p) => console.error(p) });
    expect(report.ok).toBe(true);
    const train = await readJsonl(join(root, "s", "train.jsonl"));
    const called = new Set(train.flatMap((r) => (r.messages as { tool_calls?: { function: { name: string } }[] }[]).flatMap((m) => m.tool_calls?.map((c) => c.function.name) ?? [])));
    for (const name of ["read_file", "write_file", "edit_file", "run_command"]) expect(called.has(name)).toBe(true);
    await expect(writeSampleDataset(join(root, "s"), false)).rejects.toThrow("pass --force");
  });

  test("CLI: download sample then validate exits 0", async () => {
    const root = await tempDir();
    expect((await runCli(["download", "sample", "-o", join(root, "s")])).code).toBe(0);
    expect((await runCli(["validate", join(root, "s")])).code).toBe(0);
  });
});
