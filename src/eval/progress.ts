/**
 * Progress of a run on stderr: one line per finished prompt, and on a terminal a status line
 * (done/running/total, score so far) kept at the bottom.
 */
import { formatMs } from "../format.ts";
import type { PromptResult } from "./result-types.ts";
import { mean } from "./score.ts";

export type ProgressWriter = { isTTY?: boolean; write(text: string): unknown };

export type Progress = {
  started(): void;
  finished(result: PromptResult): void;
  /** Clears the status line (before the summary or a message). */
  close(): void;
};

export function formatResultLine(result: PromptResult, total: number, done: number): string {
  const mark = result.error !== undefined ? "✗" : result.score === 1 ? "✓" : "•";
  const attempt = result.attempt > 0 ? ` #${result.attempt + 1}` : "";
  const detail = result.error !== undefined ? ` · ${firstLine(result.error)}` : "";
  return `[${done}/${total}] ${mark} ${result.id}${attempt} ${result.score.toFixed(2)} · ${result.steps} step${result.steps === 1 ? "" : "s"} · ${formatMs(result.durationMs)}${detail}`;
}

export function formatStatus(state: { done: number; running: number; total: number; scores: number[] }): string {
  const score = state.scores.length > 0 ? ` · score so far ${mean(state.scores).toFixed(2)}` : "";
  return `${state.done}/${state.total} done · ${state.running} running${score}`;
}

export function createProgress(out: ProgressWriter, total: number, previous: readonly PromptResult[] = []): Progress {
  const tty = out.isTTY === true;
  const state = { done: previous.length, running: 0, total, scores: previous.map((result) => result.score) };
  const status = () => {
    if (tty) out.write(`\r\x1b[K${formatStatus(state)}`);
  };
  const clear = () => {
    if (tty) out.write("\r\x1b[K");
  };
  return {
    started() {
      state.running++;
      status();
    },
    finished(result) {
      state.running = Math.max(0, state.running - 1);
      state.done++;
      state.scores.push(result.score);
      clear();
      out.write(`${formatResultLine(result, total, state.done)}${tty ? "" : ` · ${formatStatus(state)}`}\n`);
      status();
    },
    close: clear,
  };
}

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? "";
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}
