/**
 * `dataset download sample`: a small built-in synthetic dataset that trains Punie's own habits —
 * chat answers plus tools-format conversations calling Punie's tools (read_file, write_file,
 * edit_file, run_command, list_files, search_text). Deterministic, so tests and docs can rely on it.
 */
import { join } from "node:path";
import { checkTargets, SPLITS, withAtomicFiles } from "./files.ts";
import type { ToolDefinition } from "./formats.ts";

const fn = (name: string, description: string, properties: Record<string, { type: string; description: string }>, required: string[]): ToolDefinition => ({
  type: "function",
  function: { name, description, parameters: { type: "object", properties, required } },
});

const str = (description: string) => ({ type: "string", description });

export const PUNIE_TOOL_DEFINITIONS: ToolDefinition[] = [
  fn("read_file", "Read a text file of the workspace.", { path: str("Path relative to the workspace") }, ["path"]),
  fn("write_file", "Create or overwrite a file with the given content.", { path: str("Path relative to the workspace"), content: str("The whole new content") }, ["path", "content"]),
  fn("edit_file", "Replace one exact occurrence of old_string with new_string in a file.", { path: str("Path"), old_string: str("Exact text to replace"), new_string: str("Replacement") }, ["path", "old_string", "new_string"]),
  fn("run_command", "Run a shell command in the workspace and return its output.", { command: str("The command line") }, ["command"]),
  fn("list_files", "List files under a directory, honouring .gitignore.", { path: str("Directory") }, ["path"]),
  fn("search_text", "Search the workspace for a regular expression.", { pattern: str("Regular expression") }, ["pattern"]),
];

const SYSTEM = "You are Punie, a coding agent working in the user's project. Use the tools to read and change files and run commands.";

type Topic = { module: string; func: string; body: string; fixed: string; test: string };

const TOPICS: Topic[] = [
  { module: "mathutil", func: "mean", body: "return sum(xs) / len(xs)", fixed: "return sum(xs) / len(xs) if xs else 0.0", test: "test_mathutil.py" },
  { module: "strings", func: "slugify", body: "return text.lower().replace(' ', '-')", fixed: "return '-'.join(text.lower().split())", test: "test_strings.py" },
  { module: "paths", func: "stem", body: "return name.split('.')[0]", fixed: "return name.rsplit('.', 1)[0]", test: "test_paths.py" },
  { module: "config", func: "load", body: "return json.load(open(path))", fixed: "with open(path) as f:\n        return json.load(f)", test: "test_config.py" },
  { module: "dates", func: "is_weekend", body: "return day.weekday() > 5", fixed: "return day.weekday() >= 5", test: "test_dates.py" },
  { module: "cache", func: "clear", body: "self.items = []", fixed: "self.items.clear()", test: "test_cache.py" },
  { module: "retry", func: "backoff", body: "return 2 ** attempt", fixed: "return min(2 ** attempt, 60)", test: "test_retry.py" },
  { module: "report", func: "percent", body: "return round(part / whole * 100)", fixed: "return round(part / whole * 100, 1) if whole else 0.0", test: "test_report.py" },
];

const call = (id: string, name: string, args: Record<string, string>) => ({ id, type: "function", function: { name, arguments: JSON.stringify(args) } });

function toolsExample(t: Topic, i: number): object {
  const path = `src/${t.module}.py`;
  const before = `def ${t.func}(*args):\n    ${t.body}\n`;
  return {
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: `The ${t.func} function in ${path} has a bug. Please fix it and run the tests.` },
      { role: "assistant", content: null, tool_calls: [call(`call_${i}_1`, "read_file", { path })] },
      { role: "tool", tool_call_id: `call_${i}_1`, content: before },
      { role: "assistant", content: null, tool_calls: [call(`call_${i}_2`, "edit_file", { path, old_string: t.body, new_string: t.fixed })] },
      { role: "tool", tool_call_id: `call_${i}_2`, content: `Edited ${path}: 1 replacement.` },
      { role: "assistant", content: null, tool_calls: [call(`call_${i}_3`, "run_command", { command: `python -m pytest tests/${t.test} -q` })] },
      { role: "tool", tool_call_id: `call_${i}_3`, content: "3 passed in 0.04s" },
      { role: "assistant", content: `I fixed \`${t.func}\` in ${path}: it now reads \`${t.fixed.split("\n")[0]}\`. The tests in tests/${t.test} pass.` },
    ],
    tools: PUNIE_TOOL_DEFINITIONS,
  };
}

function exploreExample(t: Topic, i: number): object {
  return {
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: `Where is ${t.func} defined, and add a test file for it.` },
      { role: "assistant", content: null, tool_calls: [call(`call_${i}_1`, "search_text", { pattern: `def ${t.func}\\(` })] },
      { role: "tool", tool_call_id: `call_${i}_1`, content: `src/${t.module}.py:1: def ${t.func}(*args):` },
      { role: "assistant", content: null, tool_calls: [call(`call_${i}_2`, "write_file", { path: `tests/${t.test}`, content: `from src.${t.module} import ${t.func}\n\n\ndef test_${t.func}_exists():\n    assert callable(${t.func})\n` })] },
      { role: "tool", tool_call_id: `call_${i}_2`, content: `Wrote tests/${t.test}.` },
      { role: "assistant", content: `${t.func} is defined in src/${t.module}.py. I added tests/${t.test} with a first test that imports it.` },
    ],
    tools: PUNIE_TOOL_DEFINITIONS,
  };
}

function chatExample(t: Topic): object {
  return {
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: `Explain what is wrong with this Python code:\n\n\`\`\`python\ndef ${t.func}(*args):\n    ${t.body}\n\`\`\`` },
      { role: "assistant", content: `The function does not handle an edge case. A safer version:\n\n\`\`\`python\ndef ${t.func}(*args):\n    ${t.fixed}\n\`\`\`\n\nThis keeps the behaviour for normal input and avoids the failure.` },
    ],
  };
}

/** 24 examples: 16 train, 4 valid, 4 test (each split has tools-format and chat rows). */
export function sampleDataset(): { train: object[]; valid: object[]; test: object[] } {
  const rows = TOPICS.flatMap((t, i) => [toolsExample(t, i), exploreExample(t, i), chatExample(t)]);
  // Interleaved so every split gets each kind of example.
  return { train: rows.slice(0, 16), valid: rows.slice(16, 20), test: rows.slice(20, 24) };
}

/** Writes the sample as OUT/train.jsonl, valid.jsonl, test.jsonl; returns the line counts. */
export async function writeSampleDataset(outDir: string, force: boolean): Promise<Record<string, number>> {
  const data = sampleDataset();
  const targets = SPLITS.map((s) => join(outDir, `${s}.jsonl`));
  checkTargets(targets, [], force);
  await withAtomicFiles(targets, async (files) => {
    SPLITS.forEach((split, i) => files[i]?.write(data[split].map((row) => `${JSON.stringify(row)}\n`).join("")));
  });
  return Object.fromEntries(SPLITS.map((s) => [s, data[s].length]));
}
