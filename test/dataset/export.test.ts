import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { AgentEvent, StopReason } from "../../src/agent/events.ts";
import { exportSessions } from "../../src/dataset/export.ts";
import { validateDataset } from "../../src/dataset/validate.ts";
import type { ChatMessage } from "../../src/model/types.ts";
import { createSession, openStore, type Store, recordTurn } from "../../src/store/index.ts";
import { createTurnRecorder } from "../../src/session/turn-recorder.ts";
import { readJsonl, runCli, tempDir } from "./helpers.ts";

const TOOLS = [
  { name: "read_file", description: "Read a file", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } },
  { name: "write_file", description: "Write a file", parameters: { type: "object", properties: { path: { type: "string" }, content: { type: "string" } } } },
];

type TurnScript = {
  prompt: string;
  stopReason?: StopReason;
  callStatus?: "completed" | "failed";
  permission?: "allowed_once" | "rejected";
  at: number;
  model?: string;
  answer?: string;
};

/** Records one turn as the agent loop would: read_file, then an answer with a <think> block left in. */
function recordReadTurn(store: Store, sessionId: string, script: TurnScript): void {
  let now = script.at;
  const recorder = createTurnRecorder(
    { prompt: script.prompt, instructions: "You are Punie, a coding agent.", tools: TOOLS, model: script.model ?? "ollama:qwen2.5-coder:7b", backend: "local", frontend: "acp" },
    { now: () => (now += 5), rss: () => 1000 },
  );
  const events: AgentEvent[] = [
    { type: "tool_call", toolCallId: "call_1", name: "read_file", kind: "read", title: "a.py", locations: [], rawInput: { path: "a.py" } },
    { type: "tool_call_update", toolCallId: "call_1", status: script.callStatus ?? "completed", content: [{ type: "text", text: "print(1)" }], durationMs: 3 },
  ];
  for (const event of events) recorder.push(event);
  if (script.permission) recorder.permission({ toolCallId: "call_1", toolName: "read_file", action: "edit", outcome: script.permission });
  const messages: ChatMessage[] = [
    { role: "user", content: script.prompt },
    { role: "assistant", content: null, tool_calls: [{ id: "call_1", name: "read_file", arguments: '{"path":"a.py"}' }] },
    { role: "tool", tool_call_id: "call_1", content: "print(1)" },
    { role: "assistant", content: `<think>The file prints one.</think>\n${script.answer ?? "It prints 1."}` },
  ];
  recordTurn(store, sessionId, recorder.finish({ stopReason: script.stopReason ?? "end_turn", usage: { inputTokens: 10, outputTokens: 5 }, messages }));
}

async function recordedDatabase(): Promise<{ dir: string; db: string }> {
  const dir = await tempDir();
  const db = join(dir, "punie.db");
  const store = openStore({ path: db, log: { warn: (m) => console.error(m) } });
  if (!store) throw new Error("store did not open");
  createSession(store, { id: "s1", cwd: "/work/app", at: 1_000 });
  createSession(store, { id: "s2", cwd: "/work/other", at: 1_000 });
  const day = 86_400_000;
  recordReadTurn(store, "s1", { prompt: "What does a.py print?", at: 10 * day });
  recordReadTurn(store, "s1", { prompt: "Read a.py but I will say no", permission: "rejected", at: 10 * day + 1 });
  recordReadTurn(store, "s1", { prompt: "Stop that", stopReason: "cancelled", at: 10 * day + 2 });
  recordReadTurn(store, "s1", { prompt: "A read that fails", callStatus: "failed", at: 10 * day + 3 });
  recordReadTurn(store, "s2", { prompt: "Old turn elsewhere: what does a.py print?", permission: "allowed_once", at: 2 * day });
  store.close();
  return { dir, db };
}

describe("dataset export", () => {
  test("a recorded session becomes a tools-format example that validate accepts", async () => {
    const { dir, db } = await recordedDatabase();
    const out = join(dir, "mine.jsonl");
    const report = await exportSessions({ storePath: db, output: out, force: false });
    expect(report).toMatchObject({
      turns: 5,
      exported: 2,
      skipped: { "permission rejected": 1, "ended cancelled": 1, "tool call failed": 1 },
    });
    const rows = await readJsonl(out);
    expect(rows[0]).toEqual({
      messages: [
        { role: "system", content: "You are Punie, a coding agent." },
        { role: "user", content: "What does a.py print?" },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "read_file", arguments: '{"path":"a.py"}' } }] },
        { role: "tool", tool_call_id: "call_1", content: "print(1)" },
        { role: "assistant", content: "It prints 1." },
      ],
      tools: TOOLS.map((t) => ({ type: "function", function: t })),
    });
    expect(JSON.stringify(rows)).not.toContain("think");
    const validation = await validateDataset(out, { batchSize: 1, onProblem: (p) => console.error(p) });
    expect(validation.ok).toBe(true);
  });

  test("--since and the workspace narrow the turns", async () => {
    const { dir, db } = await recordedDatabase();
    const recent = await exportSessions({ storePath: db, output: join(dir, "a.jsonl"), force: false, since: 5 * 86_400_000 });
    expect(recent.exported).toBe(1);
    const other = await exportSessions({ storePath: db, output: join(dir, "b.jsonl"), force: false, cwd: "/work/other" });
    expect(other).toMatchObject({ turns: 1, exported: 1 });
  });

  test("CLI: reads $PUNIE_HOME/punie.db; a missing database is one clear line", async () => {
    const { dir } = await recordedDatabase();
    const ok = await runCli(["export", "-o", join(dir, "out.jsonl"), "--json"], { PUNIE_HOME: dir });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).exported).toBe(2);
    const empty = await tempDir();
    const missing = await runCli(["export", "-o", join(empty, "out.jsonl")], { PUNIE_HOME: empty });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no recorded sessions");
  });

  test("sessions of the offline test model are skipped unless --include-test-model; eval sessions never leave", async () => {
    const dir = await tempDir();
    const db = join(dir, "punie.db");
    const store = openStore({ path: db, log: { warn: (m) => console.error(m) } })!;
    createSession(store, { id: "t", cwd: "/w", at: 1, source: "ask" });
    createSession(store, { id: "e", cwd: "/w", at: 1, source: "eval" });
    createSession(store, { id: "r", cwd: "/w", at: 1, source: "acp" });
    recordReadTurn(store, "t", { prompt: "boilerplate", model: "test", at: 10 });
    recordReadTurn(store, "e", { prompt: "benchmark task", at: 11 });
    recordReadTurn(store, "r", { prompt: "real work", at: 12 });
    store.close();
    const plain = await exportSessions({ storePath: db, output: join(dir, "a.jsonl"), force: false });
    expect(plain).toMatchObject({ turns: 3, exported: 1, skipped: { "test model (--include-test-model keeps it)": 1, "eval session": 1 } });
    expect(JSON.stringify(await readJsonl(join(dir, "a.jsonl")))).toContain("real work");
    const withTest = await exportSessions({ storePath: db, output: join(dir, "b.jsonl"), force: false, includeTestModel: true });
    expect(withTest).toMatchObject({ exported: 2, skipped: { "eval session": 1 } });
    expect(JSON.stringify(await readJsonl(join(dir, "b.jsonl")))).not.toContain("benchmark task");
  });

  /** One session of three accepted turns, each answer 400 characters (~100 tokens). */
  async function threeTurnSession(): Promise<{ dir: string; db: string }> {
    const dir = await tempDir();
    const db = join(dir, "punie.db");
    const store = openStore({ path: db, log: { warn: (m) => console.error(m) } })!;
    createSession(store, { id: "s", cwd: "/w", at: 1, source: "ask" });
    for (const [i, word] of ["first", "second", "third"].entries()) {
      recordReadTurn(store, "s", { prompt: `${word} question`, answer: `${word} answer `.padEnd(400, "."), at: 10 + i });
    }
    store.close();
    return { dir, db };
  }
  const userPrompts = (row: Record<string, unknown>) =>
    (row.messages as { role: string; content: string }[]).filter((m) => m.role === "user").map((m) => m.content);

  test("by default each example carries the session's earlier turns; --context turn gives the turn alone", async () => {
    const { dir, db } = await threeTurnSession();
    await exportSessions({ storePath: db, output: join(dir, "full.jsonl"), force: false });
    const full = await readJsonl(join(dir, "full.jsonl"));
    expect(full.map(userPrompts)).toEqual([["first question"], ["first question", "second question"], ["first question", "second question", "third question"]]);
    // The context keeps the whole conversation: earlier tool calls and answers too, system message once.
    const last = full[2]!.messages as { role: string }[];
    expect(last.filter((m) => m.role === "system")).toHaveLength(1);
    expect(last.filter((m) => m.role === "tool")).toHaveLength(3);
    expect((await validateDataset(join(dir, "full.jsonl"), { batchSize: 1, onProblem: (p) => console.error(p) })).ok).toBe(true);

    await exportSessions({ storePath: db, output: join(dir, "turn.jsonl"), force: false, context: "turn" });
    expect((await readJsonl(join(dir, "turn.jsonl"))).map(userPrompts)).toEqual([["first question"], ["second question"], ["third question"]]);
  });

  test("--max-tokens trims the oldest turns first; a turn alone over the budget is skipped", async () => {
    const { dir, db } = await threeTurnSession();
    // Each turn is ~150 tokens (characters / 4) with the tools and system message ~100 more:
    // 450 tokens leave room for one earlier turn, not two.
    await exportSessions({ storePath: db, output: join(dir, "a.jsonl"), force: false, maxTokens: 450 });
    const rows = await readJsonl(join(dir, "a.jsonl"));
    expect(rows.map(userPrompts)).toEqual([["first question"], ["first question", "second question"], ["second question", "third question"]]);
    const tight = await exportSessions({ storePath: db, output: join(dir, "b.jsonl"), force: false, maxTokens: 50 });
    expect(tight).toMatchObject({ exported: 0, skipped: { "over --max-tokens 50": 3 } });
  });

  test("a tokenizer's count replaces the characters / 4 estimate", async () => {
    const { dir, db } = await threeTurnSession();
    // One token per character: four times the estimate, so 450 no longer fits any earlier turn.
    await exportSessions({ storePath: db, output: join(dir, "a.jsonl"), force: false, maxTokens: 1_800, tokenCounter: (text) => text.length });
    expect((await readJsonl(join(dir, "a.jsonl"))).map(userPrompts)).toEqual([["first question"], ["first question", "second question"], ["second question", "third question"]]);
    await exportSessions({ storePath: db, output: join(dir, "b.jsonl"), force: false, maxTokens: 450, tokenCounter: (text) => text.length });
    expect((await readJsonl(join(dir, "b.jsonl"))).map(userPrompts)).toEqual([]);
  });
});
