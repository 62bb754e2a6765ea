/**
 * `dataset export`: Punie's own accepted turns become tools-format examples — the flywheel. A turn
 * counts when it ended end_turn without error, every tool call completed and no permission
 * question was rejected or cancelled. Each example holds the instructions and tool schemas offered
 * in that turn, by default the session's earlier turns as context (trimmed oldest first to the
 * token budget), and its messages and tool calls; reasoning is never stored, and any <think> block
 * left in the text is removed. Sessions of the offline `test` model are skipped unless asked for;
 * eval sessions are never exported (they are the benchmark, not training data).
 */
import { toToolDefinition } from "./tool-definition.ts";
import { existsSync } from "node:fs";
import type { ChatMessage } from "../model/types.ts";
import { type ExportableTurn, listEarlierTurnMessages, listExportableTurns, openStore, type Store } from "../store/index.ts";
import { checkRow } from "./check.ts";
import { DatasetError } from "./errors.ts";
import { checkTargets, isJsonlPath, withAtomicFiles } from "./files.ts";
import { rowTokenCount, type TokenCounter } from "./tokens.ts";

const REFUSED = new Set(["rejected", "cancelled", "denied_by_rule", "denied_by_mode"]);

/** Why a turn is not training material (a short stable phrase, counted in the report), or undefined. */
export function turnRejection(turn: ExportableTurn): string | undefined {
  if (turn.stopReason !== "end_turn") return `ended ${turn.stopReason}`;
  if (turn.error) return "ended with an error";
  const unfinished = turn.toolCalls.find((c) => c.status !== "completed");
  if (unfinished) return `tool call ${unfinished.status}`;
  const refused = turn.permissions.find((p) => REFUSED.has(p.outcome));
  if (refused) return `permission ${refused.outcome}`;
  return undefined;
}

const stripThinking = (text: string) => text.replace(/<think>[\s\S]*?<\/think>\s*/g, "").trim();

function toDatasetMessage(m: ChatMessage): object {
  switch (m.role) {
    case "system":
    case "user":
      return { role: m.role, content: m.content };
    case "tool":
      return { role: "tool", tool_call_id: m.tool_call_id, content: m.content };
    case "assistant": {
      const content = m.content === null ? null : stripThinking(m.content);
      if (!m.tool_calls || m.tool_calls.length === 0) return { role: "assistant", content };
      return {
        role: "assistant",
        content: content || null,
        tool_calls: m.tool_calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })),
      };
    }
  }
}

/** The tools-format row for a turn, after the messages of earlier turns given as context (no validity check). */
export function turnToExample(turn: ExportableTurn, context: readonly ChatMessage[][] = []): Record<string, unknown> {
  const system = turn.instructions.trim() ? [{ role: "system", content: turn.instructions }] : [];
  const messages = [...context.flat(), ...turn.messages].filter((m) => m.role !== "system");
  return { messages: [...system, ...messages.map(toDatasetMessage)], tools: turn.tools.map(toToolDefinition) };
}

/**
 * The example with as many earlier turns as fit in `maxTokens`, dropping the oldest first; null
 * when the turn alone is over the budget (pure).
 */
function fitContext(
  turn: ExportableTurn,
  earlier: readonly ChatMessage[][],
  maxTokens: number,
  count: (row: Record<string, unknown>) => number,
): { example: Record<string, unknown>; contextTurns: number } | null {
  for (let drop = 0; drop <= earlier.length; drop++) {
    const example = turnToExample(turn, earlier.slice(drop));
    if (count(example) <= maxTokens) return { example, contextTurns: earlier.length - drop };
  }
  return null;
}

/** The offline test model's turns are boilerplate, not training material. */
const TEST_MODEL = "test";

export type ExportOptions = {
  storePath: string;
  output: string;
  since?: number;
  cwd?: string;
  force: boolean;
  /** Keep sessions of the offline `test` model (skipped by default). */
  includeTestModel?: boolean;
  /** "full" (default): each example carries the session's earlier turns; "turn": the turn alone. */
  context?: "full" | "turn";
  /** Token budget of one example (default 8192); earlier turns are trimmed oldest first to fit. */
  maxTokens?: number;
  /** Exact token counts (--tokenizer); default characters / 4. */
  tokenCounter?: TokenCounter;
};

const DEFAULT_EXPORT_MAX_TOKENS = 8192;
export type ExportReport = { turns: number; exported: number; skipped: Record<string, number>; output: string };

export async function exportSessions(options: ExportOptions): Promise<ExportReport> {
  if (!isJsonlPath(options.output)) throw new DatasetError(`${options.output}: export writes one .jsonl file (split it with \`punie dataset split\`)`);
  if (!existsSync(options.storePath)) throw new DatasetError(`no recorded sessions: ${options.storePath} does not exist yet`);
  checkTargets([options.output], [options.storePath], options.force);
  const warnings: string[] = [];
  const store = openStore({ path: options.storePath, log: { warn: (m) => warnings.push(m) } });
  if (!store) throw new DatasetError(warnings[0] ?? `cannot open ${options.storePath}`);
  const report: ExportReport = { turns: 0, exported: 0, skipped: {}, output: options.output };
  const skip = (reason: string) => (report.skipped[reason] = (report.skipped[reason] ?? 0) + 1);
  try {
    await withAtomicFiles([options.output], async ([file]) => {
      const query = { ...(options.since === undefined ? {} : { since: options.since }), ...(options.cwd === undefined ? {} : { cwd: options.cwd }) };
      for (const turn of listExportableTurns(store, query)) {
        report.turns++;
        const rejection = sessionRejection(turn, options) ?? turnRejection(turn);
        if (rejection) {
          skip(rejection);
          continue;
        }
        const fitted = exampleFor(store, turn, options);
        if (!fitted) {
          skip(`over --max-tokens ${options.maxTokens ?? DEFAULT_EXPORT_MAX_TOKENS}`);
          continue;
        }
        const example = fitted.example;
        // Only rows mlx_lm accepts leave: a turn that ended without an answer is not an example.
        const problems = await checkRow(example, "tools");
        if (problems.length > 0) {
          skip(`invalid: ${problems[0]}`);
          continue;
        }
        file?.write(`${JSON.stringify(example)}\n`);
        report.exported++;
      }
    });
  } finally {
    store.close();
  }
  if (warnings.length > 0 && !store.healthy) throw new DatasetError(warnings[0] as string);
  return report;
}

/** Sessions that are never (eval) or not by default (the test model) training material. */
function sessionRejection(turn: ExportableTurn, options: ExportOptions): string | undefined {
  if (turn.source === "eval") return "eval session";
  if (turn.model === TEST_MODEL && !options.includeTestModel) return "test model (--include-test-model keeps it)";
  return undefined;
}

function exampleFor(store: Store, turn: ExportableTurn, options: ExportOptions) {
  const earlier = options.context === "turn" ? [] : listEarlierTurnMessages(store, turn.sessionId, turn.turnIndex);
  const counter = options.tokenCounter ?? null;
  return fitContext(turn, earlier, options.maxTokens ?? DEFAULT_EXPORT_MAX_TOKENS, (row) => rowTokenCount(row, counter));
}
