/** @jsxImportSource hono/jsx */
/**
 * The dashboard's page shell: header with navigation and the live indicator, the stylesheet and
 * the one script. The body's data attributes tell the script which page it is on and the last
 * event id the page was rendered at, so its event stream starts exactly there.
 */
import type { Child } from "hono/jsx";

export type Section = "sessions" | "runs" | "perf";

export type ShellProps = {
  title: string;
  section: Section;
  page: "sessions" | "session" | "runs" | "perf";
  lastEventId: number;
  sessionId?: string;
  children: Child;
};

export function Shell(props: ShellProps) {
  const current = (section: Section) => (props.section === section ? { "aria-current": "page" as const } : {});
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{`${props.title} · Punie`}</title>
        <link rel="stylesheet" href="/assets/dashboard.css" />
        <script src="/assets/dashboard.js" defer></script>
      </head>
      <body data-page={props.page} data-last-event-id={String(props.lastEventId)} data-session-id={props.sessionId ?? ""}>
        <header class="top">
          <a class="brand" href="/">
            Punie
          </a>
          <nav aria-label="Main">
            <a href="/" {...current("sessions")}>
              Sessions
            </a>
            <a href="/runs" {...current("runs")}>
              Runs
            </a>
            <a href="/perf" {...current("perf")}>
              Performance
            </a>
          </nav>
          <span id="live-indicator" class="live-indicator" role="status" data-state="offline">
            Connecting…
          </span>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

export function renderPage(page: unknown): string {
  return `<!DOCTYPE html>\n${String(page)}`;
}

/** A status shown as a coloured dot and a word (colour is never the only signal). */
export function StatusBadge(props: { status: string }) {
  return <span class={`status status-${props.status}`}>{props.status}</span>;
}


/** A table's header row, one column header per name. */
export function TableHead(props: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((column) => (
          <th scope="col">{column}</th>
        ))}
      </tr>
    </thead>
  );
}
