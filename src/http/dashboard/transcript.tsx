/** @jsxImportSource hono/jsx */
/**
 * A transcript as HTML: messages, thoughts, tool calls with their diffs and output, and
 * permission requests — with Allow and Reject buttons only where this server can answer them.
 */
import { unifiedDiff } from "../../tools/diff.ts";
import type { ToolContentView, TranscriptEntry } from "../transcript.ts";

const ANSWER_LABELS: Record<string, string> = { allow_once: "Allow", reject_once: "Reject" };

export function Transcript(props: { entries: TranscriptEntry[]; canAnswer: boolean; pending: ReadonlySet<string> }) {
  if (props.entries.length === 0) return <p class="empty">Nothing here yet.</p>;
  return (
    <div class="transcript" role="log" aria-label="Transcript">
      {props.entries.map((entry) => (
        <Entry entry={entry} canAnswer={props.canAnswer} pending={props.pending} />
      ))}
    </div>
  );
}

function Entry(props: { entry: TranscriptEntry; canAnswer: boolean; pending: ReadonlySet<string> }) {
  const { entry } = props;
  switch (entry.type) {
    case "user":
    case "agent":
    case "thought":
      return (
        <article class={`entry ${entry.type}`}>
          <div class="who">{entry.type === "user" ? "You" : entry.type === "agent" ? "Agent" : "Thinking"}</div>
          <div class="text">{entry.text}</div>
        </article>
      );
    case "tool_call":
      return (
        <article class="entry tool" data-tool-call-id={entry.toolCallId}>
          <div class="title">
            <span>{entry.title}</span>
            <span class="kind">{entry.kind}</span>
            <span class={`tool-status tool-status-${entry.status}`}>{entry.status.replace("_", " ")}</span>
          </div>
          {entry.content
            // A terminal's output is shown as the text beside it; alone, say where it runs.
            .filter((content) => content.type !== "terminal" || !entry.content.some((other) => other.type === "text"))
            .map((content) => (
              <ToolContent content={content} />
            ))}
          {entry.output === null ? null : entry.output.includes("\n") || entry.output.length > 80 ? (
            <pre aria-label="Output">{entry.output}</pre>
          ) : (
            <div class="muted">{entry.output}</div>
          )}
        </article>
      );
    case "permission": {
      const open = props.pending.has(entry.requestId);
      return (
        <article class="entry permission" data-request-id={entry.requestId} data-error-box="">
          <div class="who">Permission {open ? "requested" : "answered"}</div>
          <div>{entry.title}</div>
          {open && props.canAnswer ? (
            <div class="actions" role="group" aria-label={`Answer: ${entry.title}`}>
              {entry.options.map((option) => (
                <button
                  type="button"
                  class={option.kind.startsWith("allow") ? "primary" : "danger"}
                  data-action="answer"
                  data-request-id={entry.requestId}
                  data-option-id={option.optionId}
                  title={option.name}
                >
                  {ANSWER_LABELS[option.kind] ?? option.name}
                </button>
              ))}
            </div>
          ) : open ? (
            <p class="muted">Waiting for an answer in the client that runs this session.</p>
          ) : null}
          <p class="error" role="alert"></p>
        </article>
      );
    }
    default:
      return entry satisfies never;
  }
}

function ToolContent(props: { content: ToolContentView }) {
  const { content } = props;
  switch (content.type) {
    case "text":
      return <pre>{content.text}</pre>;
    case "diff":
      return (
        <div>
          <div class="muted">{content.path}</div>
          <pre class="diff" aria-label={`Diff of ${content.path}`}>
            {diffLines(content.path, content.oldText ?? "", content.newText).map((line) => (
              <span class={line.kind}>{`${line.text}\n`}</span>
            ))}
          </pre>
        </div>
      );
    case "terminal":
      return <div class="muted">Running in terminal {content.terminalId}…</div>;
    default:
      return content satisfies never;
  }
}

/** The unified diff's lines, each with the class that colours it (file headers dropped). */
export function diffLines(path: string, oldText: string, newText: string): { kind: "add" | "del" | "same"; text: string }[] {
  return unifiedDiff(path, oldText, newText)
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("--- ") && !line.startsWith("+++ "))
    .map((text) => ({ kind: text.startsWith("+") ? "add" : text.startsWith("-") ? "del" : "same", text }));
}
