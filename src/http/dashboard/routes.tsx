/** @jsxImportSource hono/jsx */
/** The dashboard's pages and the fragments its script swaps in when something changes. */
import { Hono } from "hono";
import { InvalidCursorError } from "../../store/sessions.ts";
import type { ServeContext } from "../ports.ts";
import { renderPage } from "./layout.tsx";
import { PerfPage } from "./perf-page.tsx";
import { RunsPage } from "./runs-page.tsx";
import { SessionLive, SessionPage, type SessionPageProps } from "./session-page.tsx";
import { SessionList, SessionsPage, type SessionsPageProps } from "./sessions-page.tsx";

const PAGE_SIZE = 50;

export function dashboardRoutes(context: ServeContext, defaultWorkspace: string): Hono {
  const { reads } = context;
  const pages = new Hono();

  const listProps = (cursor: string | undefined): SessionsPageProps | null => {
    // Read the event position first: anything newer reaches the page through its event stream.
    const lastEventId = reads.latestEventId();
    try {
      return { page: reads.list({ limit: PAGE_SIZE, cursor }), agents: reads.agents(), cursor, defaultWorkspace, lastEventId };
    } catch (error) {
      if (error instanceof InvalidCursorError) return null;
      throw error;
    }
  };
  const sessionProps = (id: string): SessionPageProps | null => {
    const lastEventId = reads.latestEventId();
    const session = reads.get(id);
    if (!session) return null;
    const pending = new Set(reads.pendingPermissions(id).map((request) => request.requestId));
    return { session, transcript: reads.transcript(id), turns: reads.turns(id), pending, owned: context.sessions.owns(id), lastEventId };
  };
  const notFound = (what: string) => new Response(renderPage(<p>{what}</p>), { status: 404, headers: { "content-type": "text/html; charset=utf-8" } });

  pages.get("/", (c) => {
    const props = listProps(c.req.query("cursor"));
    return props ? c.html(renderPage(<SessionsPage {...props} />)) : c.redirect("/");
  });
  pages.get("/fragments/sessions", (c) => {
    const props = listProps(c.req.query("cursor"));
    return props ? c.html(String(<SessionList {...props} />)) : notFound("That page of sessions no longer exists.");
  });
  pages.get("/sessions/:id", (c) => {
    const props = sessionProps(c.req.param("id"));
    return props ? c.html(renderPage(<SessionPage {...props} />)) : notFound("No such session.");
  });
  pages.get("/fragments/sessions/:id", (c) => {
    const props = sessionProps(c.req.param("id"));
    return props ? c.html(String(<SessionLive {...props} />)) : notFound("No such session.");
  });
  pages.get("/runs", (c) => {
    const lastEventId = reads.latestEventId();
    return c.html(renderPage(<RunsPage evalRuns={context.runs.evalRuns()} trainingRuns={context.runs.trainingRuns()} lastEventId={lastEventId} />));
  });
  pages.get("/perf", (c) => {
    const lastEventId = reads.latestEventId();
    const { summary, series } = reads.perf();
    return c.html(renderPage(<PerfPage summary={summary} series={series} lastEventId={lastEventId} />));
  });
  return pages;
}
