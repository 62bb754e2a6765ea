/**
 * The hono app of `punie serve`: security rules first, then /health, /echo, /login, the JSON API
 * under /api, the built-in assets and the dashboard. Built from a ServeContext so tests drive it
 * with `app.request()`.
 */
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { apiRoutes } from "./api.ts";
import { ASSETS } from "./assets.ts";
import { dashboardRoutes } from "./dashboard/routes.tsx";
import { fail, onHttpError } from "./errors.ts";
import type { ServeContext } from "./ports.ts";
import { SESSION_COOKIE, sameSecret, securityMiddleware } from "./security.ts";

export type AppOptions = {
  /** Pre-filled in the dashboard's New session form. */
  defaultWorkspace: string;
  /** More routes under /api (eval and training runs, which need the store itself). */
  extraApi?: Hono;
  now?: () => number;
};

export function createApp(context: ServeContext, options: AppOptions): Hono {
  const now = options.now ?? Date.now;
  const app = new Hono();
  app.onError(onHttpError);
  app.notFound((c) => c.json({ error: `Nothing at ${c.req.path}.` }, 404));
  for (const middleware of securityMiddleware(context.security)) app.use(middleware);
  app.use(async (c, next) => {
    await next();
    c.header("x-content-type-options", "nosniff");
    c.header("referrer-policy", "no-referrer");
    if (c.res.headers.get("content-type")?.startsWith("text/html")) {
      c.header("content-security-policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    }
  });

  app.get("/health", async (c) =>
    c.json({
      status: "ok",
      version: context.version,
      uptime_s: Math.round((now() - context.startedAt) / 1000),
      model: { spec: context.model.spec, reachable: await context.model.reachable() },
    }),
  );
  app.post("/echo", async (c) => {
    try {
      return c.json(await c.req.json());
    } catch {
      fail(400, "The request body must be JSON.");
    }
  });
  app.get("/login", (c) => {
    const token = context.security.token;
    if (token === null) return c.redirect("/");
    if (!sameSecret(c.req.query("token"), token)) fail(401, "Wrong token.");
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: "Strict", path: "/" });
    return c.redirect("/");
  });
  for (const [path, asset] of ASSETS) {
    app.get(path, (c) => {
      if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304);
      return c.body(asset.body, 200, { "content-type": asset.type, etag: asset.etag, "cache-control": "no-cache" });
    });
  }
  app.route("/api", apiRoutes(context));
  if (options.extraApi) app.route("/api", options.extraApi);
  app.route("/", dashboardRoutes(context, options.defaultWorkspace));
  return app;
}
