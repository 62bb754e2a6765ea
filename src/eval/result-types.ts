/** What one prompt run produced, as stored, reported and printed with `--json`. */
import type { StopReason } from "../agent/events.ts";
import type { RecordedToolCall } from "./collect.ts";
import type { PartScores } from "./score.ts";

export type PromptResult = {
  id: string;
  category: string;
  /** 0-based run of this prompt (`--repeat`). */
  attempt: number;
  prompt: string;
  score: number;
  parts: PartScores;
  toolCalls: RecordedToolCall[];
  /** Expected calls matched: per expected call, the index into toolCalls or -1. */
  matched: number[];
  keywordsFound: string[];
  check?: { command: string; exitCode: number | null; output: string };
  /** Tool calls made. */
  steps: number;
  /** Model requests made. */
  requests: number;
  tokens: { prompt: number; completion: number };
  durationMs: number;
  stopReason: StopReason | "timeout";
  error?: string;
  /** True when the error came from the model (server down, timeout): see the exit code rule. */
  modelError?: boolean;
  answer: string;
  /** The recorded session (source `eval`) the prompt ran in. */
  sessionId?: string;
  /** Where the copy was kept (`--keep`). */
  kept?: string;
};
