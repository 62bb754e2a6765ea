/**
 * Pure mappings between MCP and Punie's tool shapes: ACP kind from annotations, the title the IDE
 * shows, and a call result turned into what the model reads and what the IDE shows.
 */
import { isAbsolute, relative } from "node:path";
import type { ToolKind, ToolResult } from "../tools/types.ts";

/** The MCP tool annotations Punie reads (all hints; servers may omit any). */
export type McpToolAnnotations = {
  readOnlyHint?: boolean | undefined;
  destructiveHint?: boolean | undefined;
  openWorldHint?: boolean | undefined;
};

/**
 * read-only → "read" ("fetch" when it also reaches the outside world); explicitly destructive →
 * "edit" (MCP's destructive means "may change or remove things", not necessarily a deletion);
 * anything else → "other". MCP defaults destructiveHint to true when absent, so only an explicit
 * true counts: otherwise every unannotated tool would look like an edit.
 */
export function mcpToolKind(annotations: McpToolAnnotations | undefined): ToolKind {
  if (annotations?.readOnlyHint === true) return annotations.openWorldHint === true ? "fetch" : "read";
  if (annotations?.destructiveHint === true) return "edit";
  return "other";
}

/** Permission is asked unless the server marks the tool read-only. */
export function mcpToolNeedsPermission(annotations: McpToolAnnotations | undefined): boolean {
  return annotations?.readOnlyHint !== true;
}

const HINT_KEYS = ["path", "filePath", "file", "pathInProject", "query", "command", "name", "text", "url"];
const HINT_MAX = 60;

/** "server: tool" plus the most telling argument, e.g. "jetbrains: get_file_problems src/app.py". */
export function mcpToolTitle(server: string, tool: string, args: unknown, cwd: string): string {
  const hint = argumentHint(args, cwd);
  return hint ? `${server}: ${tool} ${hint}` : `${server}: ${tool}`;
}

function argumentHint(args: unknown, cwd: string): string {
  if (typeof args !== "object" || args === null || Array.isArray(args)) return "";
  const record = args as Record<string, unknown>;
  const key = HINT_KEYS.find((name) => typeof record[name] === "string" && record[name] !== "");
  const value = key ? (record[key] as string) : Object.values(record).find((item) => typeof item === "string" && item !== "");
  if (typeof value !== "string") return "";
  const shown = isAbsolute(value) && !relative(cwd, value).startsWith("..") ? relative(cwd, value) || "." : value;
  const oneLine = shown.replace(/\s+/g, " ").trim();
  return oneLine.length > HINT_MAX ? `${oneLine.slice(0, HINT_MAX - 1)}…` : oneLine;
}

/** A tools/call result as the SDK returns it (current shape, or the 2024-10 `toolResult` one). */
export type McpCallResult = {
  content?: unknown;
  structuredContent?: unknown;
  isError?: unknown;
  toolResult?: unknown;
};

type Block = { type?: unknown; text?: unknown; mimeType?: unknown; data?: unknown; uri?: unknown; name?: unknown; resource?: unknown };

/** Text stays text; images, audio and binary resources become a short note the model can read. */
export function mapCallResult(result: McpCallResult): ToolResult {
  const parts: string[] = [];
  if (Array.isArray(result.content)) {
    for (const block of result.content as Block[]) parts.push(describeBlock(block));
  } else if (result.toolResult !== undefined) {
    parts.push(stringify(result.toolResult));
  }
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(stringify(result.structuredContent));
  const isError = result.isError === true;
  const output = parts.join("\n") || (isError ? "The tool reported an error without a message." : "(no output)");
  return {
    output,
    content: parts.length > 0 ? parts.map((text) => ({ type: "text" as const, text })) : [{ type: "text", text: output }],
    ...(isError ? { isError: true } : {}),
    ...(result.structuredContent === undefined ? {} : { rawOutput: result.structuredContent }),
  };
}

function describeBlock(block: Block): string {
  switch (block.type) {
    case "text":
      return typeof block.text === "string" ? block.text : "";
    case "image":
    case "audio":
      return `[${block.type} ${String(block.mimeType ?? "")}, ${approxBytes(block.data)} — not shown to the model]`;
    case "resource_link":
      return `[resource link: ${String(block.uri ?? "")}${typeof block.name === "string" ? ` (${block.name})` : ""}]`;
    case "resource": {
      const resource = (block.resource ?? {}) as Block;
      const uri = String(resource.uri ?? "");
      if (typeof resource.text === "string") return `[resource ${uri}]\n${resource.text}`;
      return `[resource ${uri} ${String(resource.mimeType ?? "binary")}, ${approxBytes(resource.data ?? (resource as { blob?: unknown }).blob)} — not shown to the model]`;
    }
    default:
      return `[${String(block.type)} content — not shown to the model]`;
  }
}

function approxBytes(base64: unknown): string {
  if (typeof base64 !== "string") return "size unknown";
  const bytes = Math.floor((base64.length * 3) / 4);
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

function stringify(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}
