/**
 * Runs one tool call the model asked for: find the tool, validate its arguments, execute it, and
 * report every step as events. Whatever goes wrong becomes a tool result the model can read.
 */
import { errorMessage, PermissionDeniedError, PunieError } from "../errors.ts";
import type { ToolCallRequest } from "../model/types.ts";
import { capOutput } from "../tools/output.ts";
import type { PermissionGate } from "../permissions/gate.ts";
import type { AnyTool, ToolContent, ToolKind, ToolLocation } from "../tools/types.ts";
import type { TurnOptions } from "./loop.ts";
import { loadedZod, loadZod } from "../zod-loader.ts";

/** Failed calls per tool name within one turn. */
export type ToolFailureCounter = Map<string, number>;

export async function runToolCall(
  call: ToolCallRequest,
  options: TurnOptions,
  failures: ToolFailureCounter,
  maxFailures: number,
): Promise<string> {
  const { onEvent, workspace } = options;
  // The IDE's id for this call: unique in the session (models repeat theirs, e.g. `call_0`).
  const toolCallId = options.newToolCallId?.() ?? call.id;
  const tool = toolNamed(options.tools, call.name);
  const parsedJson = parseArguments(call.arguments);
  const rawInput = parsedJson.ok ? parsedJson.value : call.arguments;
  const started = performance.now();
  // Time spent waiting for a person's answer is not the tool's (perf shows it apart).
  let run: ReturnType<typeof startTracker> | null = null;
  const elapsed = () => performance.now() - started - (run?.waitedMs() ?? 0);
  // The call as the IDE first shows it (the tool's name is the one the model asked for).
  const announce = (kind: ToolKind, title: string, locations: ToolLocation[] = []) =>
    onEvent({ type: "tool_call", toolCallId, name: call.name, kind, title, locations, rawInput, format: call.format ?? "structured" });
  const fail = (message: string, content?: ToolContent[]): string => {
    failures.set(call.name, (failures.get(call.name) ?? 0) + 1);
    const left = maxFailures - (failures.get(call.name) ?? 0);
    const note = left <= 0 ? ` The tool ${call.name} is now withdrawn for this request after ${maxFailures} failures.` : "";
    onEvent({
      type: "tool_call_update",
      toolCallId,
      status: "failed",
      content: content ?? [{ type: "text", text: message }],
      durationMs: elapsed(),
    });
    return `Error: ${message}${note}`;
  };

  if (!tool) {
    announce("other", call.name);
    return fail(unknownToolMessage(call.name, options.tools, failures, maxFailures));
  }
  if ((failures.get(call.name) ?? 0) >= maxFailures) {
    // The model was no longer offered the tool; a call anyway (from memory) must not run it.
    announce(tool.kind, tool.name);
    return fail(`The tool ${call.name} was withdrawn for this request after ${maxFailures} failures and did not run. Use another tool, or answer with what you have.`);
  }
  // zod is loaded by the first tool call (zod-loader.ts: what a tool runs may build schemas), but
  // arguments the tool's own check accepts never build the tool's schema.
  const z = loadedZod() ?? (await loadZod());
  const quick = parsedJson.ok ? (tool.quickParse?.(parsedJson.value) ?? null) : null;
  const args = parsedJson.ok ? (quick === null ? parseWithZod(tool, parsedJson.value) : { success: true as const, data: quick }) : null;
  const title = args?.success ? safeTitle(tool, args.data, workspace.cwd) : tool.name;
  const locations = args?.success ? (tool.locations?.(args.data, workspace.cwd) ?? []) : [];
  announce(tool.kind, title, locations);

  if (!parsedJson.ok) return fail(`The arguments of ${tool.name} are not valid JSON (${parsedJson.error}). Send a JSON object.`);
  if (!args?.success) return fail(`Invalid arguments for ${tool.name}: ${z.prettifyError(args!.error)}`);

  run = startTracker(toolCallId, tool, options);
  try {
    const toolResult = await tool.execute(args.data, {
      workspace,
      permissions: run.permissions,
      toolCallId,
      signal: options.signal,
      progress: run.progress,
    });
    const output = capOutput(toolResult.output);
    const content = toolResult.content ?? [{ type: "text", text: output }];
    if (toolResult.isError) {
      failures.set(call.name, (failures.get(call.name) ?? 0) + 1);
    }
    onEvent({
      type: "tool_call_update",
      toolCallId,
      status: toolResult.isError ? "failed" : "completed",
      content,
      ...(toolResult.rawOutput === undefined ? {} : { rawOutput: toolResult.rawOutput }),
      durationMs: elapsed(),
    });
    return output;
  } catch (error) {
    // A refusal is the user's answer, not the tool's failure: it does not count towards withdrawal.
    if (error instanceof PermissionDeniedError) {
      onEvent({
        type: "tool_call_update",
        toolCallId,
        status: "failed",
        content: [{ type: "text", text: error.message }],
        durationMs: elapsed(),
      });
      return `Permission denied: ${error.message}`;
    }
    const message = error instanceof PunieError ? error.message : `${tool.name} failed: ${errorMessage(error)}`;
    return fail(message);
  }
}

/**
 * Names the tools the model can still call, its own MCP tools apart (their long prefixed names
 * are the ones models get wrong), and the likely one when only the prefix was left out.
 */
export function unknownToolMessage(name: string, tools: readonly AnyTool[], failures: ToolFailureCounter, maxFailures: number): string {
  const usable = tools.filter((t) => (failures.get(t.name) ?? 0) < maxFailures).map((t) => t.name);
  const mcp = usable.filter((n) => n.startsWith("mcp__"));
  const own = usable.filter((n) => !n.startsWith("mcp__"));
  const guess = mcp.find((n) => n.endsWith(`__${name}`));
  const lines = [`Unknown tool "${name}".${guess ? ` Did you mean ${guess}?` : ""} Available tools: ${own.join(", ")}.`];
  if (mcp.length > 0) lines.push(`MCP tools: ${mcp.join(", ")}.`);
  return lines.join(" ");
}

/** Kinds of tools that do not ask permission (unless they say so): they start at once. */
const STARTS_AT_ONCE = new Set<ToolKind>(["read", "search", "think", "fetch"]);

/**
 * When a call starts: a tool that may ask permission stays `pending` (showing what it will do,
 * e.g. a write's diff) until the answer, and only then goes `in_progress` — JetBrains shows the
 * diff with the question that way, and no client sees a call running before it was allowed.
 * Time in the gate is counted as waiting.
 */
function startTracker(toolCallId: string, tool: AnyTool, options: TurnOptions) {
  let started = false;
  let waitedMs = 0;
  const start = () => {
    if (started) return;
    started = true;
    options.onEvent({ type: "tool_call_update", toolCallId, status: "in_progress" });
  };
  if (STARTS_AT_ONCE.has(tool.kind) && tool.asksPermission !== true) start();
  const permissions: PermissionGate = {
    readDenial: (absPaths) => options.permissions.readDenial(absPaths),
    async check(ask, signal) {
      if (!started && ask.content && ask.content.length > 0) {
        options.onEvent({ type: "tool_call_update", toolCallId, status: "pending", content: ask.content });
      }
      const asked = performance.now();
      try {
        await options.permissions.check(ask, signal);
      } finally {
        waitedMs += performance.now() - asked;
      }
      start();
    },
  };
  return {
    permissions,
    progress: (content: ToolContent[]) => {
      start();
      options.onEvent({ type: "tool_call_update", toolCallId, status: "in_progress", content });
    },
    waitedMs: () => waitedMs,
  };
}

/**
 * The tool's own quick check when it has one and it accepts the value (the usual case), else zod.
 * jitless: compiling zod's fast path for a tool's schema costs about 1 ms at its first call, and
 * the plain path is within a microsecond per call of it: a process's calls never win it back.
 */
/**
 * The tool's zod check. jitless: compiling zod's fast path for a tool's schema costs about 1 ms at
 * its first call, and the plain path is within a microsecond per call of it.
 */
function parseWithZod(tool: AnyTool, value: unknown) {
  return tool.parameters.safeParse(value, { jitless: true });
}

/** The tool of that name (a plain loop: it runs on every call). */
function toolNamed(tools: readonly AnyTool[], name: string): AnyTool | undefined {
  for (const tool of tools) if (tool.name === name) return tool;
  return undefined;
}

function parseArguments(raw: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (raw.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

function safeTitle(tool: AnyTool, args: unknown, cwd: string): string {
  try {
    return tool.title(args, cwd);
  } catch {
    return tool.name;
  }
}
