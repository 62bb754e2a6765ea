/**
 * `dataset download sample`: a small built-in synthetic dataset that trains Punie's own habits —
 * tools-format conversations that read, edit, write, search and run tests, plus chat answers.
 * The tool definitions are Punie's real ones (`toolSpecs(CORE_TOOLS)`), every call's arguments
 * pass the real tool's zod parameters, and the read/edit/write/run results are what the real
 * tools return when run on an in-memory copy of the project (sample-topics.ts). Deterministic.
 */
import { join } from "node:path";
import { allowAllGate } from "../permissions/gate.ts";
import { CORE_TOOLS, toolSpecs } from "../tools/index.ts";
import type { AnyTool } from "../tools/types.ts";
import { createMemoryWorkspace, type MemoryWorkspace } from "../workspace/memory-workspace.ts";
import { checkTargets, SPLITS, withAtomicFiles } from "./files.ts";
import { fixedSource, SAMPLE_TOPICS, type SampleTopic, testNames } from "./sample-topics.ts";
import { toToolDefinition } from "./tool-definition.ts";

const SYSTEM = "You are Punie, a coding agent working in the user's project. Use the tools to read and change files and run commands.";

/** What `pytest -q` prints when every test of the file passes (the sample's recorded run). */
function pytestPassOutput(count: number): string {
  return `${".".repeat(count)}${" ".repeat(Math.max(1, 74 - count))}[100%]\n${count} passed in 0.02s\n`;
}

const pytestCommand = (topic: SampleTopic) => `python -m pytest tests/${topic.testFile} -q`;

type Call = { id: string; type: "function"; function: { name: string; arguments: string } };
type Message = { role: string; content: string | null; tool_calls?: Call[]; tool_call_id?: string };

/** Runs real tools on one in-memory project, recording the conversation as it goes. */
function conversation(workspace: MemoryWorkspace, prefix: string) {
  const messages: Message[] = [];
  let n = 0;
  return {
    messages,
    say(role: "system" | "user" | "assistant", content: string) {
      messages.push({ role, content });
    },
    /** A tool result written by hand, for a tool the in-memory project cannot run (search). */
    recorded(name: string, args: Record<string, unknown>, output: string) {
      const id = `${prefix}_${++n}`;
      messages.push({ role: "assistant", content: null, tool_calls: [{ id, type: "function", function: { name, arguments: JSON.stringify(args) } }] });
      messages.push({ role: "tool", tool_call_id: id, content: output });
    },
    async call(name: string, args: Record<string, unknown>) {
      const tool = CORE_TOOLS.find((t) => t.name === name) as AnyTool | undefined;
      if (!tool) throw new Error(`sample: no tool ${name}`);
      const id = `${prefix}_${++n}`;
      const result = await tool.execute(tool.parameters.parse(args), {
        workspace,
        permissions: allowAllGate,
        toolCallId: id,
        signal: new AbortController().signal,
        progress: () => {},
      });
      messages.push({ role: "assistant", content: null, tool_calls: [{ id, type: "function", function: { name, arguments: JSON.stringify(args) } }] });
      messages.push({ role: "tool", tool_call_id: id, content: result.output });
    },
  };
}

/** The project of a topic in memory; `pytest` answers with the recorded passing run. */
function project(topic: SampleTopic, files: Record<string, string>): MemoryWorkspace {
  return createMemoryWorkspace({
    cwd: "/project",
    files,
    commands: (_command, args) =>
      args.at(-1) === pytestCommand(topic) ? { exitCode: 0, output: pytestPassOutput(testNames(topic).length) } : { exitCode: 127, output: "command not found" },
  });
}

async function fixExample(topic: SampleTopic, i: number): Promise<object> {
  const path = `src/${topic.module}.py`;
  const chat = conversation(project(topic, { [path]: topic.source, [`tests/${topic.testFile}`]: topic.tests }), `call_fix${i}`);
  chat.say("system", SYSTEM);
  chat.say("user", `${topic.func} in ${path} gives wrong results. Please fix it and run its tests.`);
  await chat.call("read_file", { path });
  await chat.call("edit_file", { path, old_text: topic.oldText, new_text: topic.newText });
  await chat.call("run_command", { command: pytestCommand(topic) });
  const count = testNames(topic).length;
  chat.say("assistant", `Fixed \`${topic.func}\` in ${path}: ${topic.bug}. The ${count} test${count === 1 ? "" : "s"} in tests/${topic.testFile} pass.`);
  return { messages: chat.messages, tools: TOOL_DEFINITIONS };
}

async function testsExample(topic: SampleTopic, i: number): Promise<object> {
  const path = `src/${topic.module}.py`;
  const source = fixedSource(topic);
  const chat = conversation(project(topic, { [path]: source }), `call_test${i}`);
  chat.say("system", SYSTEM);
  chat.say("user", `Where is ${topic.func} defined? Add tests for it and run them.`);
  const lines = source.split("\n");
  const line = lines.findIndex((text) => text.startsWith(`def ${topic.func}(`)) + 1;
  chat.recorded("search_text", { pattern: `def ${topic.func}\\(` }, `${path}:${line}: ${lines[line - 1]}`);
  await chat.call("write_file", { path: `tests/${topic.testFile}`, content: topic.tests });
  await chat.call("run_command", { command: pytestCommand(topic) });
  const count = testNames(topic).length;
  chat.say("assistant", `${topic.func} is defined in ${path} (line ${line}). I added tests/${topic.testFile} with ${count} test${count === 1 ? "" : "s"}; they pass.`);
  return { messages: chat.messages, tools: TOOL_DEFINITIONS };
}

function chatExample(topic: SampleTopic): object {
  return {
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: `What is wrong with this Python code?\n\n\`\`\`python\n${topic.source}\`\`\`` },
      { role: "assistant", content: `The bug: ${topic.bug}. A corrected version:\n\n\`\`\`python\n${fixedSource(topic)}\`\`\`` },
    ],
  };
}

const TOOL_DEFINITIONS = toolSpecs(CORE_TOOLS).map(toToolDefinition);

/** 24 examples: 16 train, 4 valid, 4 test (each split has tools-format and chat rows). */
export async function sampleDataset(): Promise<{ train: object[]; valid: object[]; test: object[] }> {
  const rows: object[] = [];
  for (const [i, topic] of SAMPLE_TOPICS.entries()) rows.push(await fixExample(topic, i), await testsExample(topic, i), chatExample(topic));
  // Interleaved so every split gets each kind of example.
  return { train: rows.slice(0, 16), valid: rows.slice(16, 20), test: rows.slice(20, 24) };
}

/** Writes the sample as OUT/train.jsonl, valid.jsonl, test.jsonl; returns the line counts. */
export async function writeSampleDataset(outDir: string, force: boolean): Promise<Record<string, number>> {
  const data = await sampleDataset();
  const targets = SPLITS.map((s) => join(outDir, `${s}.jsonl`));
  checkTargets(targets, [], force);
  await withAtomicFiles(targets, async (files) => {
    SPLITS.forEach((split, i) => files[i]?.write(data[split].map((row) => `${JSON.stringify(row)}\n`).join("")));
  });
  return Object.fromEntries(SPLITS.map((s) => [s, data[s].length]));
}
