/** @jsxImportSource hono/jsx */
/**
 * One session: its status and a Cancel button while it works, the transcript as it happens, and
 * — for sessions this server runs — a Prompt box to continue it.
 */
import { formatMs } from "../../format.ts";
import type { SessionSummary, TurnSummary } from "../ports.ts";
import type { TranscriptView } from "../transcript.ts";
import { Shell, StatusBadge, TableHead } from "./layout.tsx";
import { sessionTitle } from "./sessions-page.tsx";
import { Transcript } from "./transcript.tsx";

export type SessionPageProps = {
  session: SessionSummary;
  transcript: TranscriptView;
  turns: TurnSummary[];
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
      <TurnTimings turns={props.turns} />
    </div>
  );
}

/** Each finished turn: its duration as a bar (scaled to the longest), model and tool time, tokens. */
function TurnTimings(props: { turns: TurnSummary[] }) {
  if (props.turns.length === 0) return null;
  const longest = Math.max(1, ...props.turns.map((turn) => turn.durationMs));
  return (
    <section aria-labelledby="turns-heading">
      <h2 id="turns-heading">Turn timings</h2>
      <div class="panel" style="padding:0">
        <table>
          <TableHead columns={["Turn", "Ended", "Duration", "Model", "Tools", "Tokens out"]} />
          <tbody>
            {props.turns.map((turn) => (
              <tr>
                <td>{turn.index + 1}</td>
                <td class="nowrap">{turn.stopReason.replaceAll("_", " ")}</td>
                <td class="nowrap">
                  <svg class="turn-bar" width="160" height="12" role="img" aria-label={`${formatMs(turn.durationMs)}: model ${formatMs(turn.modelMs)}, tools ${formatMs(turn.toolMs)}`}>
                    <rect class="bar-model" x="0" y="1" height="10" width={((Math.min(turn.modelMs, turn.durationMs) / longest) * 160).toFixed(1)} />
                    <rect class="bar-tool" x={((Math.min(turn.modelMs, turn.durationMs) / longest) * 160).toFixed(1)} y="1" height="10" width={((Math.min(turn.toolMs, Math.max(0, turn.durationMs - turn.modelMs)) / longest) * 160).toFixed(1)} />
                  </svg>{" "}
                  {formatMs(turn.durationMs)}
                </td>
                <td class="nowrap">{formatMs(turn.modelMs)}</td>
                <td class="nowrap">{formatMs(turn.toolMs)}</td>
                <td>{turn.outputTokens}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
