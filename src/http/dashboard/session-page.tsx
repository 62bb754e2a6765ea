/** @jsxImportSource hono/jsx */
/**
 * One session: its status and a Cancel button while it works, the transcript as it happens, and
 * — for sessions this server runs — a Prompt box to continue it.
 */
import type { SessionSummary } from "../ports.ts";
import type { TranscriptView } from "../transcript.ts";
import { Shell, StatusBadge } from "./layout.tsx";
import { sessionTitle } from "./sessions-page.tsx";
import { Transcript } from "./transcript.tsx";

export type SessionPageProps = {
  session: SessionSummary;
  transcript: TranscriptView;
  /** Request ids still waiting for an answer. */
  pending: ReadonlySet<string>;
  /** Whether this server runs the session (it can then answer permissions and take prompts). */
  owned: boolean;
  lastEventId: number;
};

export function SessionPage(props: SessionPageProps) {
  const { session } = props;
  return (
    <Shell title={sessionTitle(session)} section="sessions" page="session" sessionId={session.id} lastEventId={props.lastEventId}>
      <p>
        <a href="/">← All sessions</a>
      </p>
      <SessionLive {...props} />
      {props.owned ? (
        <section class="panel" aria-labelledby="continue-heading" style="margin-top:1rem">
          <h2 id="continue-heading" style="margin-top:0">
            Continue
          </h2>
          <form class="prompt" data-action="continue" method="post" action={`/api/sessions/${encodeURIComponent(session.id)}/prompt`}>
            <label for="prompt">Prompt</label>
            <textarea id="prompt" name="prompt" required></textarea>
            <div>
              <button type="submit" class="primary">
                Send
              </button>
            </div>
            <p class="error" role="alert"></p>
          </form>
        </section>
      ) : (
        <p class="muted">
          This session runs in another punie process ({session.source}
          {session.pid ? `, pid ${session.pid}` : ""}): continue it there. A running turn can be cancelled from here.
        </p>
      )}
    </Shell>
  );
}

/** The part of the page the script replaces as the session changes. */
export function SessionLive(props: SessionPageProps) {
  const { session } = props;
  const busy = session.status === "running" || session.status === "waiting";
  return (
    <div id="session-live">
      <div class="session-head" data-error-box="">
        <h1>{sessionTitle(session)}</h1>
        <StatusBadge status={session.status} />
        {busy ? (
          <button type="button" class="danger" data-action="cancel">
            Cancel
          </button>
        ) : null}
        <p class="error" role="alert"></p>
      </div>
      <div class="meta">
        <span>
          Folder <code>{session.cwd}</code>
        </span>
        <span>Model {session.model ?? "–"}</span>
        <span>Source {session.source}</span>
        {session.pid ? <span>pid {session.pid}</span> : null}
        {session.mode ? <span>Mode {session.mode}</span> : null}
      </div>
      <Transcript entries={props.transcript.entries} canAnswer={props.owned} pending={props.pending} />
    </div>
  );
}
