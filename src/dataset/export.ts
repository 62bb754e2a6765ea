/**
 * `dataset export`: Punie's own accepted turns become tools-format examples — the flywheel. A turn
 * counts when it ended end_turn without error, every tool call completed and no permission
 * question was rejected or cancelled. Each example holds the instructions and tool schemas offered
 * in that turn and its messages and tool calls; reasoning is never stored, and any <think> block
 * left in the text is removed.
 */
import { toToolDefinition } from "./tool-definition.ts";
import { existsSync } from "node:fs";
import type { ChatMessage } from "../model/types.ts";
import { type ExportableTurn, listExportableTurns, openStore } from "../store/index.ts";
import { checkRow } from "./check.ts";
import { DatasetError } from "./errors.ts";
import { checkTargets, isJsonlPath, withAtomicFiles } from "./files.ts";

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

/** The tools-format row for a turn (no validity check). */
export function turnToExample(turn: ExportableTurn): Record<string, unknown> {
  const system = turn.instructions.trim() ? [{ role: "system", content: turn.instructions }] : [];
  return {
    messages: [...system, ...turn.messages.filter((m) => m.role !== "system").map(toDatasetMessage)],
    tools: turn.tools.map(toToolDefinition),
  };
}

export type ExportOptions = { storePath: string; output: string; since?: number; cwd?: string; force: boolean };
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
        const rejection = turnRejection(turn);
        if (rejection) {
          skip(rejection);
          continue;
        }
        const example = turnToExample(turn);
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
