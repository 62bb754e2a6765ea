/**
 * A session's transcript as the dashboard shows it, folded from ACP session updates (the same
 * shapes the IDE gets): consecutive chunks join into one message, tool calls keep their latest
 * status and all their content, permission requests sit where they were asked. Pure.
 */
import type * as acp from "@agentclientprotocol/sdk";

export type ToolContentView =
  | { type: "text"; text: string }
  | { type: "diff"; path: string; oldText: string | null; newText: string }
  | { type: "terminal"; terminalId: string };

export type TranscriptEntry =
  | { type: "user" | "agent" | "thought"; text: string }
  | {
      type: "tool_call";
      toolCallId: string;
      title: string;
      kind: string;
      status: string;
      content: ToolContentView[];
      /** Command output and other results, when the tool reported them. */
      output: string | null;
    }
  | { type: "permission"; requestId: string; title: string; options: { optionId: string; name: string; kind: string }[] };

export type TranscriptView = {
  entries: TranscriptEntry[];
  /** When set, the next chunk starts a new message even if the last one is of its kind. */
  sealed?: boolean;
};

export const emptyTranscript = (): TranscriptView => ({ entries: [] });

/** Ends the current message: what follows (another turn's chunks) starts a new one. */
export function seal(view: TranscriptView): TranscriptView {
  view.sealed = true;
  return view;
}

const CHUNK_TYPES = { user_message_chunk: "user", agent_message_chunk: "agent", agent_thought_chunk: "thought" } as const;

/** Adds one update to the view (in place) and returns it. */
export function applyUpdate(view: TranscriptView, update: acp.SessionUpdate): TranscriptView {
  const { entries } = view;
  switch (update.sessionUpdate) {
    case "user_message_chunk":
    case "agent_message_chunk":
    case "agent_thought_chunk": {
      const type = CHUNK_TYPES[update.sessionUpdate];
      const text = update.content.type === "text" ? update.content.text : `[${update.content.type}]`;
      const last = entries.at(-1);
      if (last && last.type === type && !view.sealed) last.text += text;
      else entries.push({ type, text });
      view.sealed = false;
      return view;
    }
    case "tool_call": {
      const existing = findCall(view, update.toolCallId);
      const entry = existing ?? { type: "tool_call" as const, toolCallId: update.toolCallId, title: update.title, kind: update.kind ?? "other", status: "pending", content: [], output: null };
      entry.title = update.title;
      entry.status = update.status ?? entry.status;
      entry.content.push(...contentOf(update.content));
      if (update.rawOutput !== undefined) entry.output = outputText(update.rawOutput);
      if (!existing) entries.push(entry);
      view.sealed = false;
      return view;
    }
    case "tool_call_update": {
      const entry = findCall(view, update.toolCallId);
      if (!entry) return view;
      if (update.title) entry.title = update.title;
      if (update.status) entry.status = update.status;
      entry.content.push(...contentOf(update.content ?? undefined));
      if (update.rawOutput !== undefined) entry.output = outputText(update.rawOutput);
      return view;
    }
    default:
      // Plans, modes, usage and commands do not change the transcript.
      return view;
  }
}

/** Adds a permission request (the `permission` event of the live feed). */
export function applyPermission(view: TranscriptView, request: { requestId: string; title?: string | undefined; options: { optionId: string; name: string; kind: string }[] }): TranscriptView {
  if (!view.entries.some((entry) => entry.type === "permission" && entry.requestId === request.requestId)) {
    view.entries.push({ type: "permission", requestId: request.requestId, title: request.title ?? "Permission requested", options: request.options });
  }
  return view;
}

/** Folds a list of updates from nothing. */
export function foldUpdates(updates: Iterable<acp.SessionUpdate>): TranscriptView {
  const view = emptyTranscript();
  for (const update of updates) applyUpdate(view, update);
  return view;
}

function findCall(view: TranscriptView, toolCallId: string) {
  for (let index = view.entries.length - 1; index >= 0; index--) {
    const entry = view.entries[index];
    if (entry?.type === "tool_call" && entry.toolCallId === toolCallId) return entry;
  }
  return undefined;
}

function contentOf(content: acp.ToolCallContent[] | undefined): ToolContentView[] {
  return (content ?? []).map((item): ToolContentView => {
    switch (item.type) {
      case "content":
        return { type: "text", text: item.content.type === "text" ? item.content.text : `[${item.content.type}]` };
      case "diff":
        return { type: "diff", path: item.path, oldText: item.oldText ?? null, newText: item.newText };
      case "terminal":
        return { type: "terminal", terminalId: item.terminalId };
      default:
        return item satisfies never;
    }
  });
}

/** A readable form of a tool's raw output: its text, a command's output, else JSON. */
export function outputText(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "string") return raw;
  if (typeof raw === "object") {
    const record = raw as Record<string, unknown>;
    for (const key of ["output", "stdout", "text"]) if (typeof record[key] === "string") return record[key] as string;
    // A command's result: its output is already the call's text content.
    if ("exitCode" in record) return record.signal ? `killed by ${String(record.signal)}` : record.exitCode === null ? null : `exit code ${String(record.exitCode)}`;
    if ("terminalId" in record) return null;
  }
  return JSON.stringify(raw, null, 2);
}
