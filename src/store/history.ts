/**
 * Reading a session back: the messages for the model's next turn, and the transcript an ACP
 * `session/load` replays as session/update (user text, agent text, tool calls with their final
 * status and content).
 */
import type { Database } from "bun:sqlite";
import type { ChatMessage } from "../model/types.ts";
import type { ToolContent, ToolKind } from "../tools/types.ts";
import type { Store } from "./open.ts";
import { chatMessageSchema, decodeJson, decodeUnknown, type ToolCallStart, type ToolCallStatus, toolContentSchema, toolLocationSchema } from "./types.ts";
import { lazySchema } from "../zod-loader.ts";

export type TranscriptItem =
  | { type: "user"; text: string }
  | { type: "agent"; text: string }
  | ({ type: "tool_call" } & ToolCallStart & {
      /** Final status; a call that never finished replays as failed. */
      status: ToolCallStatus;
      content: ToolContent[];
      rawOutput?: unknown;
    });

type ToolCallRow = {
  turn_id: number;
  tool_call_id: string;
  name: string;
  kind: string;
  title: string;
  locations: string;
  raw_input: string | null;
  status: string;
  content: string;
  raw_output: string | null;
};

const toolLocationsSchema = lazySchema((z) => z.array(toolLocationSchema()));
const toolContentsSchema = lazySchema((z) => z.array(toolContentSchema()));

const TOOL_KINDS = new Set<string>(["read", "edit", "delete", "move", "search", "execute", "think", "fetch", "switch_mode", "other"]);

/** The conversation so far, oldest first, as the model reads it (no system message). */
export function loadHistory(store: Store, sessionId: string): ChatMessage[] {
  return store.use("load history", [], (db) => turnMessages(db, sessionId).flatMap((turn) => turn.messages));
}

/** The conversation as the user saw it, for replay. */
export function loadTranscript(store: Store, sessionId: string): TranscriptItem[] {
  return store.use("load a transcript", [], (db) => {
    const calls = db
      .query(
        `SELECT c.* FROM tool_calls c JOIN turns t ON t.id = c.turn_id
         WHERE t.session_id = $sessionId ORDER BY t.idx, c.seq`,
      )
      .all({ sessionId }) as ToolCallRow[];
    const callsByTurn = Map.groupBy(calls, (call) => call.turn_id);
    return turnMessages(db, sessionId).flatMap((turn) => transcriptOfTurn(turn.messages, callsByTurn.get(turn.id) ?? []));
  });
}

function turnMessages(db: Database, sessionId: string): { id: number; messages: ChatMessage[] }[] {
  const rows = db
    .query(
      `SELECT m.turn_id, m.message FROM messages m JOIN turns t ON t.id = m.turn_id
       WHERE t.session_id = $sessionId ORDER BY t.idx, m.seq`,
    )
    .all({ sessionId }) as { turn_id: number; message: string }[];
  const turns: { id: number; messages: ChatMessage[] }[] = [];
  for (const row of rows) {
    const message = decodeJson(chatMessageSchema(), row.message);
    if (!message) continue;
    const last = turns.at(-1);
    if (last?.id === row.turn_id) last.messages.push(message);
    else turns.push({ id: row.turn_id, messages: [message] });
  }
  return turns;
}

/**
 * Only a turn's first user message is the user's: later ones are the loop's own nudges (empty
 * answer, repair requests) and would read as if the user had typed them.
 */
function transcriptOfTurn(messages: readonly ChatMessage[], calls: readonly ToolCallRow[]): TranscriptItem[] {
  const items: TranscriptItem[] = [];
  const unused = [...calls];
  messages.forEach((message, index) => {
    switch (message.role) {
      case "user":
        if (index === 0) items.push({ type: "user", text: message.content });
        break;
      case "assistant":
        if (message.content) items.push({ type: "agent", text: message.content });
        // Calls run in the order the model asked for them, and a cancel skips only the rest: the
        // rows are matched in order (their ids are Punie's, not the model's).
        for (const request of message.tool_calls ?? []) {
          const row = unused[0]?.name === request.name ? unused.shift() : undefined;
          items.push(row ? toolCallItem(row) : neverStarted(request.id, request.name, request.arguments));
        }
        break;
      case "tool":
      case "system":
        break;
      default:
        message satisfies never;
    }
  });
  return items;
}

function toolCallItem(row: ToolCallRow): TranscriptItem {
  const status: ToolCallStatus = row.status === "completed" ? "completed" : "failed";
  const rawOutput = decodeUnknown(row.raw_output);
  return {
    type: "tool_call",
    toolCallId: row.tool_call_id,
    name: row.name,
    kind: TOOL_KINDS.has(row.kind) ? (row.kind as ToolKind) : "other",
    title: row.title,
    locations: decodeJson(toolLocationsSchema(), row.locations) ?? [],
    rawInput: decodeUnknown(row.raw_input),
    status,
    content: decodeJson(toolContentsSchema(), row.content) ?? [],
    ...(rawOutput === undefined ? {} : { rawOutput }),
  };
}

function neverStarted(toolCallId: string, name: string, rawArguments: string): TranscriptItem {
  return {
    type: "tool_call",
    toolCallId,
    name,
    kind: "other",
    title: name,
    locations: [],
    rawInput: decodeUnknown(rawArguments),
    status: "failed",
    content: [{ type: "text", text: "Not run: the turn ended first." }],
  };
}
