/**
 * Writing a prompt turn: the turn row, its messages, tool calls, model requests and permission
 * decisions go in one IMMEDIATE transaction, so a reader in another process sees all of a turn or
 * none of it, and concurrent writers never interleave turn numbers.
 */
import type { Database } from "bun:sqlite";
import { messageJson } from "../model/message-json.ts";
import type { ChatMessage } from "../model/types.ts";
import type { Store } from "./open.ts";
import type { PermissionDecision, ToolCallRecord, TurnRecord } from "./types.ts";

/**
 * Appends a turn to a session (creating a bare session row if the front end never did) and bumps
 * the session's `updatedAt`. Returns the turn's 0-based index, or null when the store is off.
 */
export function recordTurn(store: Store, sessionId: string, record: TurnRecord): number | null {
  return store.use("record a turn", null, (db) => db.transaction(() => insertTurn(db, sessionId, record)).immediate());
}

function insertTurn(db: Database, sessionId: string, record: TurnRecord): number {
  db.query(
    `INSERT INTO sessions (id, cwd, model, created_at, updated_at) VALUES ($id, '', $model, $at, $at)
     ON CONFLICT (id) DO UPDATE SET updated_at = max(updated_at, $at)`,
  ).run({ id: sessionId, model: record.model, at: record.endedAt });
  const next = db.query("SELECT coalesce(max(idx) + 1, 0) AS idx FROM turns WHERE session_id = $sessionId").get({ sessionId }) as {
    idx: number;
  };
  const turn = db
    .query(
      `INSERT INTO turns (session_id, idx, prompt, instructions, tools, model, stop_reason, error, started_at, ended_at,
         input_tokens, output_tokens, model_ms, tool_ms, start_rss, end_rss, peak_rss, backend, frontend)
       VALUES ($sessionId, $idx, $prompt, $instructions, $tools, $model, $stopReason, $error, $startedAt, $endedAt,
         $inputTokens, $outputTokens, $modelMs, $toolMs, $startRss, $endRss, $peakRss, $backend, $frontend)`,
    )
    .run({
      sessionId,
      idx: next.idx,
      prompt: record.prompt,
      instructions: record.instructions,
      tools: JSON.stringify(record.tools),
      model: record.model,
      stopReason: record.stopReason,
      error: record.error,
      startedAt: record.startedAt,
      endedAt: record.endedAt,
      inputTokens: record.usage.inputTokens,
      outputTokens: record.usage.outputTokens,
      modelMs: record.modelMs,
      toolMs: record.toolMs,
      startRss: record.memory.startRss,
      endRss: record.memory.endRss,
      peakRss: record.memory.peakRss,
      backend: record.backend,
      frontend: record.frontend,
    });
  const turnId = Number(turn.lastInsertRowid);

  // Positional parameters: binding by name costs a property lookup per column per row.
  const message = db.query("INSERT INTO messages (turn_id, seq, message) VALUES (?, ?, ?)");
  for (let seq = 0; seq < record.messages.length; seq++) message.run(turnId, seq, messageJson(record.messages[seq] as ChatMessage));

  const toolCall = db.query(
    `INSERT INTO tool_calls (turn_id, seq, tool_call_id, name, kind, title, locations, raw_input, status, content,
       raw_output, duration_ms, backend, started_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let seq = 0; seq < record.toolCalls.length; seq++) {
    const call = record.toolCalls[seq] as ToolCallRecord;
    toolCall.run(
      turnId,
      seq,
      call.toolCallId,
      call.name,
      call.kind,
      call.title,
      JSON.stringify(call.locations),
      toJson(call.rawInput),
      call.status,
      JSON.stringify(call.content),
      toJson(call.rawOutput),
      call.durationMs,
      call.backend,
      call.startedAt,
    );
  }

  const request = db.query(
    `INSERT INTO model_requests (turn_id, idx, duration_ms, first_event_ms, input_tokens, output_tokens, finish)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const entry of record.modelRequests) {
    request.run(turnId, entry.index, entry.durationMs, entry.firstEventMs, entry.usage?.inputTokens ?? null, entry.usage?.outputTokens ?? null, entry.finishReason);
  }

  for (const decision of record.permissions) insertDecision(db, sessionId, turnId, decision);
  return next.idx;
}

/**
 * Records a permission decision made outside a recorded turn (decisions inside a turn travel in
 * its TurnRecord). The session row must exist.
 */
export function recordPermissionDecision(store: Store, sessionId: string, decision: PermissionDecision): void {
  store.use("record a permission decision", undefined, (db) => insertDecision(db, sessionId, null, decision));
}

function insertDecision(db: Database, sessionId: string, turnId: number | null, decision: PermissionDecision): void {
  db.query(
    `INSERT INTO permission_decisions (session_id, turn_id, tool_call_id, tool_name, action, outcome, rule, decided_at, wait_ms)
     VALUES ($sessionId, $turnId, $toolCallId, $toolName, $action, $outcome, $rule, $decidedAt, $waitMs)`,
  ).run({
    sessionId,
    turnId,
    toolCallId: decision.toolCallId,
    toolName: decision.toolName,
    action: decision.action,
    outcome: decision.outcome,
    rule: decision.rule ?? null,
    decidedAt: decision.decidedAt,
    waitMs: decision.waitMs ?? null,
  });
}

function toJson(value: unknown): string | null {
  if (value === undefined) return null;
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    // Circular or BigInt raw values: keep something readable rather than lose the turn.
    return JSON.stringify(String(value));
  }
}
