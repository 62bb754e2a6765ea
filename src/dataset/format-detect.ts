/** Which mlx_lm format a row is, decided the way mlx_lm decides it. No zod here: this is on every hot path. */
import { withoutTopTier } from "./jit.ts";

export type DatasetFormat = "chat" | "tools" | "completions" | "text";

export const DATASET_FORMATS: readonly DatasetFormat[] = ["chat", "tools", "completions", "text"];

/** The format mlx_lm would pick for this row (it looks at the first line only), or undefined. */
export function detectFormat(row: unknown): DatasetFormat | undefined {
  if (typeof row !== "object" || row === null || Array.isArray(row)) return undefined;
  if ("prompt" in row && "completion" in row) return "completions";
  if ("messages" in row) return "tools" in row ? "tools" : "chat";
  if ("text" in row) return "text";
  return undefined;
}

/** Formats mlx_lm loads with the same dataset class: chat and tools mix freely in one file. */
export function formatFamily(format: DatasetFormat): "chat" | "completions" | "text" {
  return format === "tools" ? "chat" : format;
}


withoutTopTier(detectFormat, formatFamily);
