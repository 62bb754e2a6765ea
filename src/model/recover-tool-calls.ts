/**
 * Tool calls that a model wrote as text because the server did not recognise its template
 * (REFERENCE.md): Hermes/Qwen2.5 `<tool_call>{"name":…, "arguments":…}</tool_call>` and Qwen3-Coder
 * `<tool_call><function=NAME><parameter=K>V</parameter></function></tool_call>`. Only text inside
 * the wrapper tags is parsed — JSON in prose is never taken for a call.
 */
import type { ToolSpec } from "./types.ts";

export type RecoveredToolCall = { name: string; arguments: string };

export type Recovery = {
  calls: RecoveredToolCall[];
  /** The text with thinking and every tool-call block removed. */
  text: string;
};

const OPEN = "<tool_call>";
const CLOSE = "</tool_call>";

/** Removes `<think>…</think>`; an unclosed block runs to the end; text before a lone `</think>` is thinking too. */
export function stripThinking(text: string): string {
  let result = text.replace(/<think>[\s\S]*?(<\/think>|$)/g, "");
  const strayClose = result.lastIndexOf("</think>");
  if (strayClose >= 0) result = result.slice(strayClose + "</think>".length);
  return result;
}

/**
 * Finds tool calls written as text. `tools` (optional) lets Qwen3-Coder parameters be typed: a
 * parameter whose schema type is not "string" is parsed as JSON (`<parameter=line>10` → 10).
 *
 * @example
 * recoverToolCalls('<tool_call>{"name":"read_file","arguments":{"path":"a.py"}}</tool_call>')
 * // → { calls: [{ name: "read_file", arguments: '{"path":"a.py"}' }], text: "" }
 */
export function recoverToolCalls(text: string, tools: readonly ToolSpec[] = []): Recovery {
  const source = stripThinking(text);
  const calls: RecoveredToolCall[] = [];
  const outside: string[] = [];
  let position = 0;
  while (position < source.length) {
    const start = source.indexOf(OPEN, position);
    if (start < 0) {
      outside.push(source.slice(position));
      break;
    }
    outside.push(source.slice(position, start));
    const bodyStart = start + OPEN.length;
    // A truncated reply may lack the closing tag: the block then ends at the next opening or the end.
    const close = source.indexOf(CLOSE, bodyStart);
    const nextOpen = source.indexOf(OPEN, bodyStart);
    let end = close < 0 ? source.length : close;
    if (nextOpen >= 0 && nextOpen < end) end = nextOpen;
    const call = parseBlock(source.slice(bodyStart, end), tools);
    if (call) calls.push(call);
    position = end === close ? close + CLOSE.length : end;
  }
  return { calls, text: outside.join("").trim() };
}

function parseBlock(body: string, tools: readonly ToolSpec[]): RecoveredToolCall | null {
  const trimmed = body.trim().replace(/^```(?:json)?\s*/, "").replace(/\s*```$/, "");
  if (trimmed.startsWith("<function=")) return parseXmlCall(trimmed, tools);
  if (trimmed.startsWith("{")) return parseJsonCall(trimmed);
  return null;
}

function parseJsonCall(body: string): RecoveredToolCall | null {
  const value = parseJsonObject(body);
  if (!value) return null;
  const name = value.name;
  if (typeof name !== "string" || name === "") return null;
  const args = value.arguments ?? value.parameters ?? {};
  if (typeof args === "string") return { name, arguments: args };
  return { name, arguments: JSON.stringify(args) };
}

function parseJsonObject(body: string): Record<string, unknown> | null {
  // Models sometimes add junk after the object: retry up to each earlier closing brace (a few).
  const candidates = [body.length];
  for (let cut = body.lastIndexOf("}"); cut >= 0 && candidates.length < 8; cut = body.lastIndexOf("}", cut - 1)) {
    candidates.push(cut + 1);
  }
  for (const end of candidates) {
    try {
      const value: unknown = JSON.parse(body.slice(0, end));
      const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
      return isObject ? (value as Record<string, unknown>) : null;
    } catch {
      // try a shorter prefix
    }
  }
  return null;
}

function parseXmlCall(body: string, tools: readonly ToolSpec[]): RecoveredToolCall | null {
  const header = /^<function=([^>\s]+)>/.exec(body);
  if (!header?.[1]) return null;
  const name = header[1];
  const properties = propertiesOf(tools.find((tool) => tool.name === name));
  const functionEnd = body.indexOf("</function>");
  const inner = body.slice(header[0].length, functionEnd < 0 ? body.length : functionEnd);
  const args: Record<string, unknown> = {};
  const parameter = /<parameter=([^>\s]+)>/g;
  let match = parameter.exec(inner);
  while (match?.[1]) {
    const key = match[1];
    const valueStart = match.index + match[0].length;
    const next = parameter.exec(inner);
    const close = inner.indexOf("</parameter>", valueStart);
    let valueEnd = next ? next.index : inner.length;
    if (close >= 0 && close < valueEnd) valueEnd = close;
    const raw = inner.slice(valueStart, valueEnd).replace(/^\n/, "").replace(/\n$/, "");
    args[key] = typedValue(raw, properties[key]);
    match = next;
  }
  return { name, arguments: JSON.stringify(args) };
}

function propertiesOf(tool: ToolSpec | undefined): Record<string, unknown> {
  const properties = tool?.parameters.properties;
  return typeof properties === "object" && properties !== null ? (properties as Record<string, unknown>) : {};
}

function typedValue(raw: string, schema: unknown): unknown {
  const type = typeof schema === "object" && schema !== null ? (schema as { type?: unknown }).type : undefined;
  if (type === undefined || type === "string") return raw;
  try {
    return JSON.parse(raw.trim());
  } catch {
    return raw;
  }
}
