/** @jsxImportSource hono/jsx */
/**
 * The home page: the punie processes that are running, every session newest first (a page at a
 * time, so 500 sessions stay quick), and a form that starts a session run by this server.
 */
import { formatTime } from "../../format.ts";
import type { AgentSummary, SessionPage, SessionSummary } from "../ports.ts";
import { Shell, StatusBadge, TableHead } from "./layout.tsx";

export type SessionsPageProps = {
  page: SessionPage;
  agents: AgentSummary[];
  /** The cursor this page was read at (absent on the first page). */
  cursor: string | undefined;
  defaultWorkspace: string;
  lastEventId: number;
};

export function SessionsPage(props: SessionsPageProps) {
  return (
    <Shell title="Sessions" section="sessions" page="sessions" lastEventId={props.lastEventId}>
      <h1>Sessions</h1>
      <section class="panel" aria-labelledby="new-heading">
        <h2 id="new-heading" style="margin-top:0">
          New session
        </h2>
        <NewSessionForm workspace={props.defaultWorkspace} />
      </section>
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">All sessions</h2>
        <SessionList {...props} />
      </section>
    </Shell>
  );
}

/** The part of the page the script replaces when sessions change. */
export function SessionList(props: SessionsPageProps) {
  const { sessions, next_cursor: next } = props.page;
  return (
    <div id="session-list">
      <Agents agents={props.agents} />
      <div class="panel" style="padding:0">
        {sessions.length === 0 ? (
          <p class="empty">
            No sessions yet. Start one here, with <code>punie ask</code>, or from your IDE.
          </p>
        ) : (
          <table>
            <caption class="sr-only">Sessions, most recently active first</caption>
            <TableHead columns={["Session", "Status", "Source", "Model", "Folder", "Updated"]} />
            <tbody>
              {sessions.map((session) => (
                <SessionRow session={session} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      <nav class="pager" aria-label="Session pages">
        {props.cursor !== undefined ? <a href="/">Newest sessions</a> : null}
        {next ? <a href={`/?cursor=${encodeURIComponent(next)}`}>Older sessions</a> : null}
      </nav>
    </div>
  );
}

function SessionRow(props: { session: SessionSummary }) {
  const { session } = props;
  return (
    <tr data-session-id={session.id}>
      <td class="title-cell">
        <a href={`/sessions/${encodeURIComponent(session.id)}`}>{sessionTitle(session)}</a>
      </td>
      <td class="nowrap">
        <StatusBadge status={session.status} />
      </td>
      <td>{session.source}</td>
      <td class="nowrap">{session.model ?? "–"}</td>
      <td class="path" title={session.cwd}>
        {session.cwd}
      </td>
      <td class="nowrap">{formatTime(session.updated_at)}</td>
    </tr>
  );
}

/** A session's name: its title, else the start of its id. */
export function sessionTitle(session: Pick<SessionSummary, "id" | "title">): string {
  return session.title?.trim() || `Session ${session.id.slice(0, 8)}`;
}

function Agents(props: { agents: AgentSummary[] }) {
  if (props.agents.length === 0) return <p class="muted">No punie process is running a session right now.</p>;
  return (
    <section aria-label="Running agents" style="margin-bottom:1rem">
      <div class="agents">
        {props.agents.map((agent) => (
          <div class="agent-row">
            <span>
              <strong>{agent.source}</strong> · pid {agent.pid} · <span class="muted">{agent.cwd}</span>
            </span>
            <span>
              {agent.sessions} session{agent.sessions === 1 ? "" : "s"}
              {agent.busy > 0 ? `, ${agent.busy} busy` : ""}
            </span>
          </div>
        ))}
      </div>
    </section>
  );
}

function NewSessionForm(props: { workspace: string }) {
  return (
    <form class="start" data-action="start" method="post" action="/api/sessions">
      <div class="field">
        <label for="workspace">Workspace</label>
        <input id="workspace" name="workspace" type="text" value={props.workspace} required spellcheck={false} />
      </div>
      <div class="field">
        <label for="prompt">Prompt</label>
        <textarea id="prompt" name="prompt" required placeholder="What should the agent do? (Ctrl+Enter sends)"></textarea>
      </div>
      <button type="submit" class="primary">
        Send
      </button>
      <p class="error" role="alert"></p>
    </form>
  );
}
