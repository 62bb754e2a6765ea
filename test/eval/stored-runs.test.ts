/**
 * Eval results stored by an earlier punie (snake_case JSON, as `punie eval --json` printed them
 * then) read back camelCase after the database is migrated: show, compare and resume keep working.
 */
import { Database } from "bun:sqlite";
import { expect, test } from "bun:test";
import { join } from "node:path";
import { loadRun, summarizeStored } from "../../src/eval/runs.ts";
import { MIGRATIONS } from "../../src/store/migrations.ts";
import { openStore } from "../../src/store/index.ts";
import { tempDir } from "../helpers/temp.ts";

const OLD_RESULT = {
  id: "fix",
  category: "edit",
  attempt: 0,
  prompt: "Fix calc.py",
  score: 0.5,
  parts: { tools: 1, check: 0 },
  tool_calls: [{ name: "edit_file", arguments: { path: "calc.py", old_text: "a", new_text: "b" }, format: "structured", status: "completed", output: "ok" }],
  matched: [0],
  keywords_found: [],
  check: { command: "python3 -m unittest", exit_code: 1, output: "FAILED" },
  steps: 1,
  requests: 2,
  tokens: { prompt: 10, completion: 5 },
  duration_ms: 42,
  stop_reason: "end_turn",
  error: "model down",
  model_error: true,
  answer: "done",
  session_id: "s-1",
};

test("a result stored with snake_case keys reads back camelCase, the tool's own arguments untouched", () => {
  const path = join(tempDir(), "punie.db");
  const old = new Database(path);
  for (const migration of MIGRATIONS.slice(0, -1)) old.exec(migration);
  old.exec(`PRAGMA user_version = ${MIGRATIONS.length - 1}`);
  old.query("INSERT INTO eval_runs (id, suite, suite_ref, model, config, status, score, success_rate, started_at, duration_ms) VALUES ('r1', 'tools', 'tools', 'test', '{\"repeat\":1,\"timeoutMs\":1000}', 'done', 0.5, 0, 1, 42)").run();
  old.query("INSERT INTO eval_results (run_id, prompt_id, attempt, category, score, result, recorded_at) VALUES ('r1', 'fix', 0, 'edit', 0.5, ?, 1)").run(JSON.stringify(OLD_RESULT));
  old.close();

  const store = openStore({ path });
  try {
    const [result] = loadRun(store, "r1").results;
    const { tool_calls, keywords_found, check, duration_ms, stop_reason, model_error, session_id, ...same } = OLD_RESULT;
    expect(result as unknown).toEqual({
      ...same,
      toolCalls: tool_calls,
      keywordsFound: keywords_found,
      check: { command: check.command, exitCode: check.exit_code, output: check.output },
      durationMs: duration_ms,
      stopReason: stop_reason,
      modelError: model_error,
      sessionId: session_id,
    });
    expect(summarizeStored(loadRun(store, "r1"))).toMatchObject({ runId: "r1", successRate: 0, durationMs: 42, prompts: [{ id: "fix", stopReason: "end_turn" }] });
  } finally {
    store?.close();
  }
});
