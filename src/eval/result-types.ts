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
  tool_calls: RecordedToolCall[];
  /** Expected calls matched: per expected call, the index into tool_calls or -1. */
  matched: number[];
  keywords_found: string[];
  check?: { command: string; exit_code: number | null; output: string };
  /** Tool calls made. */
  steps: number;
  /** Model requests made. */
  requests: number;
  tokens: { prompt: number; completion: number };
  duration_ms: number;
  stop_reason: StopReason | "timeout";
  error?: string;
  /** True when the error came from the model (server down, timeout): see the exit code rule. */
  model_error?: boolean;
  answer: string;
  /** The recorded session (source `eval`) the prompt ran in. */
  session_id?: string;
  /** Where the copy was kept (`--keep`). */
  kept?: string;
};
