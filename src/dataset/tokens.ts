/**
 * Exact token counts from a Hugging Face tokenizer.json, with the official pure-JS
 * @huggingface/tokenizers (loaded only when asked for: it is not small). tokenizer_config.json
 * beside the file is read when present. Counted: the same texts as the characters/4 estimate —
 * message contents, tool calls and tool schemas as JSON, prompt/completion/text — not the tokens
 * a chat template adds around them.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { DatasetError } from "./errors.ts";

export type TokenCounter = (text: string) => number;

export async function loadTokenCounter(path: string): Promise<TokenCounter> {
  if (!existsSync(path)) throw new DatasetError(`--tokenizer ${path}: not found (give a tokenizer.json)`);
  const configPath = join(dirname(path), "tokenizer_config.json");
  let tokenizer: { encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] } };
  try {
    const { Tokenizer } = await import("@huggingface/tokenizers");
    const config = existsSync(configPath) ? await Bun.file(configPath).json() : {};
    tokenizer = new Tokenizer(await Bun.file(path).json(), config);
  } catch (error) {
    throw new DatasetError(`--tokenizer ${path}: not a usable tokenizer.json (${error instanceof Error ? error.message : String(error)})`);
  }
  return (text) => (text === "" ? 0 : tokenizer.encode(text, { add_special_tokens: false }).ids.length);
}

/** The texts of a row that both token measures count. */
export function rowTexts(row: Record<string, unknown>): string[] {
  const texts: string[] = [];
  if (Array.isArray(row.messages)) {
    for (const m of row.messages as Record<string, unknown>[]) {
      if (typeof m?.content === "string") texts.push(m.content);
      if (Array.isArray(m?.tool_calls)) texts.push(JSON.stringify(m.tool_calls));
    }
  }
  if (Array.isArray(row.tools)) texts.push(JSON.stringify(row.tools));
  for (const key of ["prompt", "completion", "text"]) if (typeof row[key] === "string") texts.push(row[key] as string);
  return texts;
}

/** Tokens of a row: exact with a tokenizer's counter, else estimated as characters / 4. */
export function rowTokenCount(row: Record<string, unknown>, counter: TokenCounter | null): number {
  const texts = rowTexts(row);
  if (counter) return texts.reduce((sum, text) => sum + counter(text), 0);
  return Math.round(texts.reduce((sum, text) => sum + text.length, 0) / 4);
}
