/** Writes a synthetic mlx_lm dataset of about `megabytes` MB (mixed chat and tools rows, like real data). */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";

const TOOLS = [
  { type: "function", function: { name: "read_file", description: "Read a file", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } } },
  { type: "function", function: { name: "run_command", description: "Run a shell command", parameters: { type: "object", properties: { command: { type: "string" } }, required: ["command"] } } },
];

const WORDS = "the quick brown fox jumps over lazy dog while parsing python modules and writing tests for every function".split(" ");

function sentence(seed: number, length: number): string {
  const out: string[] = [];
  for (let i = 0; i < length; i++) out.push(WORDS[(seed * 31 + i * 7) % WORDS.length] as string);
  return out.join(" ");
}

function row(i: number): string {
  if (i % 2 === 0) {
    return JSON.stringify({
      messages: [
        { role: "system", content: "You are Punie, a coding agent." },
        { role: "user", content: `${sentence(i, 40)} #${i}` },
        { role: "assistant", content: `\`\`\`python\ndef f_${i}(x):\n    return x + ${i}\n\`\`\`\n${sentence(i + 1, 80)}` },
      ],
    });
  }
  const id = `call_${i}`;
  return JSON.stringify({
    messages: [
      { role: "user", content: `Open src/mod_${i}.py and ${sentence(i, 30)}` },
      { role: "assistant", content: null, tool_calls: [{ id, type: "function", function: { name: "read_file", arguments: JSON.stringify({ path: `src/mod_${i}.py` }) } }] },
      { role: "tool", tool_call_id: id, content: sentence(i + 3, 60) },
      { role: "assistant", content: sentence(i + 5, 50) },
    ],
    tools: TOOLS,
  });
}

/** Creates `dir` with train.jsonl of ~`megabytes` MB and small valid/test files. */
export async function generateDataset(dir: string, megabytes: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  const target = megabytes * 1024 * 1024;
  const sink = Bun.file(join(dir, "train.jsonl")).writer({ highWaterMark: 1 << 22 });
  let written = 0;
  for (let i = 0; written < target; i++) {
    const line = `${row(i)}\n`;
    sink.write(line);
    written += line.length;
  }
  await sink.end();
  const small = Array.from({ length: 40 }, (_, i) => row(i)).join("\n") + "\n";
  await Bun.write(join(dir, "valid.jsonl"), small);
  await Bun.write(join(dir, "test.jsonl"), small);
  return join(dir, "train.jsonl");
}
