import { expect, test } from "bun:test";
import { join } from "node:path";
import { checkTrainingData } from "../../src/train/data-check.ts";
import { tempDir } from "../helpers/temp.ts";

const chat = JSON.stringify({ messages: [{ role: "user", content: "q" }, { role: "assistant", content: "a" }] });
const text = JSON.stringify({ text: "plain" });

async function folder(files: Record<string, string[]>): Promise<string> {
  const dir = tempDir();
  for (const [name, lines] of Object.entries(files)) await Bun.write(join(dir, name), `${lines.join("\n")}\n`);
  return dir;
}

test("good data passes", async () => {
  await checkTrainingData(await folder({ "train.jsonl": Array(4).fill(chat), "valid.jsonl": Array(4).fill(chat) }), { batchSize: 4, test: false });
});

test("formats mixed across files are refused", async () => {
  const dir = await folder({ "train.jsonl": Array(4).fill(chat), "valid.jsonl": Array(4).fill(text) });
  await expect(checkTrainingData(dir, { batchSize: 4, test: false })).rejects.toThrow("the files mix formats");
});

test("chat and tools files together are one mlx_lm format: `dataset download sample` trains as is", async () => {
  const tools = JSON.stringify({ messages: [{ role: "user", content: "q" }, { role: "assistant", content: "a" }], tools: [{ type: "function", function: { name: "f", parameters: {} } }] });
  const dir = await folder({ "train.jsonl": Array(4).fill(tools), "valid.jsonl": Array(4).fill(tools), "test.jsonl": Array(4).fill(chat) });
  await checkTrainingData(dir, { batchSize: 4, test: true });
});

test("--test needs test.jsonl; a missing valid.jsonl and a missing folder are named", async () => {
  const dir = await folder({ "train.jsonl": Array(4).fill(chat), "valid.jsonl": Array(4).fill(chat) });
  await expect(checkTrainingData(dir, { batchSize: 4, test: true })).rejects.toThrow("test.jsonl: missing (--test evaluates on it)");
  const noValid = await folder({ "train.jsonl": Array(4).fill(chat) });
  await expect(checkTrainingData(noValid, { batchSize: 4, test: false })).rejects.toThrow("valid.jsonl: missing");
  await expect(checkTrainingData(join(dir, "nope"), { batchSize: 4, test: false })).rejects.toThrow("no such data folder");
});
