import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { lineRanges } from "../../src/dataset/lines.ts";
import { datasetStats, scanStats } from "../../src/dataset/stats.ts";
import { FIXTURES, runCli, tempDir, writeLines } from "./helpers.ts";

describe("dataset stats", () => {
  test("counts formats, messages, roles, tool calls, tokens and duplicates per split", async () => {
    const dir = await tempDir();
    const row = { messages: [{ role: "user", content: "abcd" }, { role: "assistant", content: "efgh" }] };
    const tools = {
      messages: [
        { role: "user", content: "read it" },
        { role: "assistant", tool_calls: [{ id: "1", type: "function", function: { name: "read_file", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "1", content: "x" },
        { role: "assistant", content: "done" },
      ],
      tools: [],
    };
    await writeLines(join(dir, "train.jsonl"), [row, row, tools, "{broken"]);
    const broken: string[] = [];
    const stats = await datasetStats(dir, { onBroken: (p) => broken.push(`${p.line}: ${p.reason}`) });
    const train = stats.splits[0];
    expect(stats.tokenEstimate).toBe("characters/4");
    expect(train).toMatchObject({
      split: "train",
      examples: 3,
      brokenLines: 1,
      formats: { chat: 2, tools: 1 },
      messagesPerExample: { "2": 2, "4": 1 },
      roles: { user: 3, assistant: 4, tool: 1 },
      toolCalls: { read_file: 1 },
      exactDuplicates: 1,
    });
    // 4+4 characters in each chat row; then "read it", x, done (12) and the tool call's keys and
    // values: id 1 type function function name read_file arguments {} (47).
    expect(train?.estimatedTokens).toBe(Math.round((8 + 8 + 12 + 47) / 4));
    expect(broken).toEqual([expect.stringMatching(/^4: bad JSON/)]);
  });

  test("rows that differ only in surrounding white space are exact duplicates; inner white space counts", async () => {
    const dir = await tempDir();
    const row = JSON.stringify({ text: "same" });
    await writeLines(join(dir, "train.jsonl"), [row, ` ${row}`, `${row}\t`, `\t ${row}  `]);
    const stats = await datasetStats(dir, { onBroken: () => {} });
    expect(stats.splits[0]).toMatchObject({ examples: 4, exactDuplicates: 3 });
    await writeLines(join(dir, "train.jsonl"), [row, JSON.stringify({ text: "same" }).replace(":", ": ")]);
    expect((await datasetStats(dir, { onBroken: () => {} })).splits[0]).toMatchObject({ examples: 2, exactDuplicates: 0 });
  });

  test("hashes each row's trimmed text, read from the bytes or the string, whole file or ranges", async () => {
    const dir = await tempDir();
    const encoder = new TextEncoder();
    const row = (i: number) => JSON.stringify({ text: `row ${i % 7} é😀` });
    const bytes = new Uint8Array(
      await new Blob([
        encoder.encode(`\ufeff ${row(0)}\t\r\n`),
        encoder.encode(Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? `  ${row(i)}\r\r` : i % 3 === 1 ? `\t${row(i)} ` : row(i))).join("\n")),
        Uint8Array.of(0x0a, 0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d, 0x20, 0x0a), // {"text":"<bad byte>"} + space
        encoder.encode(`${JSON.stringify({ text: "x".repeat(100_000) })}\n{broken\n\ufeff${row(1)}\n${row(2)}`),
      ]).arrayBuffer(),
    );
    const path = join(dir, "train.jsonl");
    await Bun.write(path, bytes);
    const expected: bigint[] = [];
    for (const line of new TextDecoder().decode(bytes).split("\n")) {
      const text = line.endsWith("\r") ? line.slice(0, -1) : line;
      try {
        JSON.parse(text);
      } catch {
        continue;
      }
      expected.push(Bun.hash(text.trim()) as bigint);
    }
    expect(expected.length).toBe(3004);
    const whole = await scanStats(path, { onBroken: () => {} });
    expect([...whole.hashes]).toEqual(expected);
    const pieces: bigint[] = [];
    for (const range of await lineRanges(path, 3)) pieces.push(...(await scanStats(path, { range, onBroken: () => {} })).hashes);
    expect(pieces).toEqual(expected);
  });

  test("worker threads give the same stats and the same broken-line numbers", async () => {
    const dir = await tempDir();
    const rows = Array.from({ length: 300 }, (_, i) => (i % 50 === 7 ? "{oops" : { text: `row ${i % 120}` }));
    await writeLines(join(dir, "train.jsonl"), rows);
    const run = async (threads: number) => {
      const broken: string[] = [];
      const stats = await datasetStats(dir, { onBroken: (p) => broken.push(`${p.line}: ${p.reason}`), threads, parallelMinBytes: 0 });
      return { stats, broken };
    };
    const one = await run(1);
    const three = await run(3);
    expect(three).toEqual(one);
    expect(one.stats.splits[0]).toMatchObject({ examples: 294, brokenLines: 6, exactDuplicates: 294 - 120 });
    expect(one.broken[1]).toStartWith("58: bad JSON");
  });

  test("--tokenizer counts tokens exactly with a tokenizer.json", async () => {
    const dir = await tempDir();
    await writeLines(join(dir, "train.jsonl"), [
      { messages: [{ role: "user", content: "hello world" }, { role: "assistant", content: "hello hello hello" }] },
      { prompt: "world", completion: "hello" },
    ]);
    const tokenizer = join(FIXTURES, "tokenizer", "tokenizer.json");
    const stats = await datasetStats(dir, { onBroken: () => {}, tokenizer });
    expect(stats.splits[0]?.tokens).toBe(2 + 3 + 1 + 1);
    expect(stats.tokenizer).toBe(tokenizer);
    const human = await runCli(["stats", dir, "--tokenizer", tokenizer]);
    expect(human.stdout).toContain("tokens (tokenizer)  7");
    const missing = await runCli(["stats", dir, "--tokenizer", join(dir, "nope.json")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("not found");
  });

  test("CLI: human output says tokens are estimated; --json per split", async () => {
    const human = await runCli(["stats", join(FIXTURES, "valid")]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("(characters / 4)");
    const machine = JSON.parse((await runCli(["stats", join(FIXTURES, "valid"), "--json"])).stdout);
    expect(machine.splits.map((s: { split: string; examples: number }) => [s.split, s.examples])).toEqual([["train", 5], ["valid", 4], ["test", 4]]);
  });
});
