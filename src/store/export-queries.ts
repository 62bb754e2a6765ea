/**
 * Recorded turns as training material: what the model was given (instructions, tool schemas,
 * messages) and how each tool call and permission question ended. `punie dataset export` turns
 * them into rows; this file only reads, a page at a time, so a large database streams.
 */
import type { ChatMessage, ToolSpec } from "../model/types.ts";
import type { Store } from "./open.ts";
import { chatMessageSchema, decodeJson, type StopReason, toolSpecSchema } from "./types.ts";
import { lazySchema } from "../zod-loader.ts";

export type ExportableTurn = {
  sessionId: string;
  cwd: string;
  /** Which front end ran the session (acp, ask, http, eval); null for sessions recorded before it was kept. */
  source: string | null;
  turnIndex: number;
  model: string;
  frontend: string;
  backend: string;
  /** Epoch ms. */
  startedAt: number;
  prompt: string;
  instructions: string;
  tools: ToolSpec[];
  messages: ChatMessage[];
  stopReason: StopReason;
  error: string | null;
  toolCalls: { toolCallId: string; name: string; status: string }[];
  permissions: { toolCallId: string; toolName: string; action: string; outcome: string; rule: string | null }[];
};

export type ExportQuery = {
  /** Epoch ms; only turns started at or after it. */
  since?: number;
  /** Only sessions started in this directory. */
  cwd?: string;
  /** Turns read per query (memory stays bounded by it). */
  pageSize?: number;
};

type TurnRow = {
  id: number;
  session_id: string;
  cwd: string;
  source: string | null;
  idx: number;
  model: string;
  frontend: string;
  backend: string;
  started_at: number;
  prompt: string;
  instructions: string;
  tools: string;
  stop_reason: StopReason;
  error: string | null;
};

const toolSpecsSchema = lazySchema((z) => z.array(toolSpecSchema()));

/**
 * Turns oldest first, read lazily in pages.
 *
 * @example
 * for (const turn of listExportableTurns(store, { since: Date.now() - 7 * 86_400_000 })) write(toRow(turn));
 */
export function* listExportableTurns(store: Store, query: ExportQuery = {}): Generator<ExportableTurn, void, undefined> {
  const pageSize = query.pageSize ?? 100;
  let afterId = 0;
  for (;;) {
    const page = store.use("read turns for export", { turns: [] as ExportableTurn[], lastId: afterId }, (db) => {
      const turns = db
        .query(
          `SELECT t.id, t.session_id, s.cwd, s.source, t.idx, t.model, t.frontend, t.backend, t.started_at, t.prompt,
             t.instructions, t.tools, t.stop_reason, t.error
           FROM turns t JOIN sessions s ON s.id = t.session_id
           WHERE t.id > $afterId AND t.started_at >= $since AND ($cwd IS NULL OR s.cwd = $cwd)
           ORDER BY t.id LIMIT $limit`,
        )
        .all({ afterId, since: query.since ?? 0, cwd: query.cwd ?? null, limit: pageSize }) as TurnRow[];
      const messages = db.query("SELECT message FROM messages WHERE turn_id = $turnId ORDER BY seq");
      const calls = db.query(
        "SELECT tool_call_id AS toolCallId, name, status FROM tool_calls WHERE turn_id = $turnId ORDER BY seq",
      );
      const decisions = db.query(
        `SELECT tool_call_id AS toolCallId, tool_name AS toolName, action, outcome, rule
         FROM permission_decisions WHERE turn_id = $turnId ORDER BY id`,
      );
      const exported = turns.map(
        (row): ExportableTurn => ({
          sessionId: row.session_id,
          cwd: row.cwd,
          source: row.source,
          turnIndex: row.idx,
          model: row.model,
          frontend: row.frontend,
          backend: row.backend,
          startedAt: row.started_at,
          prompt: row.prompt,
          instructions: row.instructions,
          tools: decodeJson(toolSpecsSchema(), row.tools) ?? [],
          messages: (messages.all({ turnId: row.id }) as { message: string }[])
            .map((entry) => decodeJson(chatMessageSchema(), entry.message))
            .filter((entry) => entry !== null),
          stopReason: row.stop_reason,
          error: row.error,
          toolCalls: calls.all({ turnId: row.id }) as ExportableTurn["toolCalls"],
          permissions: decisions.all({ turnId: row.id }) as ExportableTurn["permissions"],
        }),
      );
      return { turns: exported, lastId: turns.at(-1)?.id ?? afterId };
    });
    yield* page.turns;
    if (page.turns.length < pageSize) return;
    afterId = page.lastId;
  }
}

/** The messages of a session's turns before `turnIndex`, one list per turn, oldest first: the context a turn was run in. */
export function listEarlierTurnMessages(store: Store, sessionId: string, turnIndex: number): ChatMessage[][] {
  return store.use("read earlier turns for export", [] as ChatMessage[][], (db) => {
    const rows = db
      .query(
        `SELECT t.idx, m.message FROM turns t JOIN messages m ON m.turn_id = t.id
         WHERE t.session_id = $sessionId AND t.idx < $turnIndex ORDER BY t.idx, m.seq`,
      )
      .all({ sessionId, turnIndex }) as { idx: number; message: string }[];
    const turns = Map.groupBy(rows, (row) => row.idx);
    return [...turns.values()].map((messages) =>
      messages.map((row) => decodeJson(chatMessageSchema(), row.message)).filter((message) => message !== null),
    );
  });
}
