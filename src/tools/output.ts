/** Output limits shared by every tool, so no single result floods the model's context. */

/** Characters of tool output the model receives at most. */
export const MAX_TOOL_OUTPUT_CHARS = 30_000;

/** Caps text, keeping its head and tail, with a note on what was left out. */
export function capOutput(text: string, max = MAX_TOOL_OUTPUT_CHARS): string {
  if (text.length <= max) return text;
  const head = Math.floor(max * 0.6);
  const tail = max - head;
  const omitted = text.length - head - tail;
  return `${text.slice(0, head)}\n… [${omitted} characters omitted: output capped at ${max}] …\n${text.slice(text.length - tail)}`;
}
