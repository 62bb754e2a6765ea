/** Pulls the parts of a row that filters look at: natural-language prose and Python code. */

type Row = Record<string, unknown>;
type Message = { role?: unknown; content?: unknown; tool_calls?: unknown };

const FENCE = /```([^\n`]*)\n([\s\S]*?)(?:```|$)/g;
const INLINE_CODE = /`[^`\n]*`/g;
const PYTHON_TAGS = new Set(["python", "py", "python3", "py3"]);

function messages(row: Row): Message[] {
  return Array.isArray(row.messages) ? (row.messages as Message[]).filter((m) => typeof m === "object" && m !== null) : [];
}

/** Prose people wrote or read: user/assistant/system text and prompt/completion/text, with code removed. */
export function proseOf(row: Row): string {
  const parts: string[] = [];
  for (const m of messages(row)) if (m.role !== "tool" && typeof m.content === "string") parts.push(m.content);
  for (const key of ["prompt", "completion", "text"]) if (typeof row[key] === "string") parts.push(row[key] as string);
  return parts.join("\n").replace(FENCE, " ").replace(INLINE_CODE, " ");
}

/** Python snippets: ```python fences in model-facing text, and .py files the assistant writes. */
export function pythonSnippetsOf(row: Row): string[] {
  const texts: string[] = [];
  for (const m of messages(row)) {
    if (m.role !== "tool" && typeof m.content === "string") texts.push(m.content);
    if (m.role === "assistant" && Array.isArray(m.tool_calls)) {
      for (const call of m.tool_calls as { function?: { name?: unknown; arguments?: unknown } }[]) {
        const code = writtenPython(call?.function?.arguments);
        if (code !== undefined) texts.push(`\`\`\`python\n${code}\n\`\`\``);
      }
    }
  }
  for (const key of ["prompt", "completion", "text"]) if (typeof row[key] === "string") texts.push(row[key] as string);
  const snippets: string[] = [];
  for (const text of texts) {
    for (const match of text.matchAll(FENCE)) {
      const tag = (match[1] ?? "").trim().toLowerCase();
      if (PYTHON_TAGS.has(tag)) snippets.push(match[2] ?? "");
    }
  }
  return snippets;
}

function writtenPython(args: unknown): string | undefined {
  let value = args;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { path, content } = value as { path?: unknown; content?: unknown };
  return typeof path === "string" && path.endsWith(".py") && typeof content === "string" ? content : undefined;
}

/** The text that ends the example: the last assistant message, or the completion/text. */
export function finalAnswerOf(row: Row): string {
  const list = messages(row);
  const last = list[list.length - 1];
  if (last) return last.role === "assistant" && typeof last.content === "string" ? last.content : "";
  if (typeof row.completion === "string") return row.completion;
  return typeof row.text === "string" ? row.text : "";
}
