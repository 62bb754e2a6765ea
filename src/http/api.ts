/**
 * The JSON API: sessions of every punie process, sessions run by this server, permission answers,
 * cancels, performance. Bodies are checked with zod; every error is `{error}` with a 4xx.
 */
import { Hono } from "hono";
import { InvalidCursorError } from "../store/sessions.ts";
import { fail, readBody } from "./errors.ts";
import type { ServeContext } from "./ports.ts";
import { newSessionBody, permissionAnswerBody, promptBody, sessionListQuery } from "./schemas.ts";
import { eventStream } from "./sse.ts";

export function apiRoutes(context: ServeContext): Hono {
  const { reads, sessions } = context;
  const api = new Hono();
  const existing = (id: string) => reads.get(id) ?? fail(404, `No session ${id}.`);

  api.get("/sessions", (c) => {
    const query = sessionListQuery.safeParse(c.req.query());
    if (!query.success) fail(400, `limit must be a whole number from 1 to 200.`);
    try {
      return c.json(reads.list(query.data));
    } catch (error) {
      if (error instanceof InvalidCursorError) fail(400, error.message);
      throw error;
    }
  });

  api.get("/sessions/:id", (c) => {
    const session = existing(c.req.param("id"));
    return c.json({ session, history: reads.transcript(session.id).entries, pending_permissions: reads.pendingPermissions(session.id), turns: reads.turns(session.id) });
  });

  api.post("/sessions", async (c) => {
    const body = await readBody(c.req, newSessionBody);
    return c.json(await sessions.create(body), 201);
  });

  api.post("/sessions/:id/prompt", async (c) => {
    const id = c.req.param("id");
    const body = await readBody(c.req, promptBody);
    existing(id);
    if (!sessions.owns(id)) fail(409, "This session runs in another punie process; send prompts there.");
    if (!sessions.prompt(id, body.text)) fail(409, "A turn is already running in this session; wait for it or cancel it.");
    return c.json({ accepted: true }, 202);
  });

  api.post("/sessions/:id/permissions/:requestId", async (c) => {
    const { id, requestId } = c.req.param();
    const body = await readBody(c.req, permissionAnswerBody);
    existing(id);
    if (!sessions.owns(id)) fail(409, "This session's permission requests are answered in the client that runs it.");
    if (!sessions.answer(id, requestId, body.optionId)) fail(404, `No pending permission request ${requestId} with option ${body.optionId}.`);
    return c.json({ answered: true });
  });

  api.post("/sessions/:id/cancel", (c) => {
    const session = existing(c.req.param("id"));
    if (session.status === "ended") fail(409, "The session has ended; there is nothing to cancel.");
    if (!sessions.cancel(session.id)) reads.requestCancel(session.id);
    return c.json({ cancelling: true }, 202);
  });

  api.get("/events", (c) => eventStream(c, context.feed));
  api.get("/perf", (c) => c.json(reads.perf().summary));
  return api;
}
