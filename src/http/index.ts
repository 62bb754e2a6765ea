/**
 * http/: `punie serve` — a hono app on Bun.serve with the security rules, the JSON API, the live
 * event stream (server-sent events following the shared database) and the dashboard (hono/jsx
 * pages plus one small script of their own). Loaded only by `punie serve`.
 */
export { createApp, type AppOptions } from "./app.ts";
export { startServer, type RunningServer, type ServerOptions } from "./server.ts";
export type { ServeContext, SessionReads, HttpSessions, SessionSummary } from "./ports.ts";
