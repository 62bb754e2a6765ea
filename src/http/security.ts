/**
 * The server's rules for who may talk to it, as pure checks (table-tested) plus the hono
 * middleware that applies them in order: size (413), Host (403, DNS rebinding), token (401),
 * cross-origin writes (403). Nothing here reads the network or the disk.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import { timingSafeEqual } from "node:crypto";
import { httpError } from "./errors.ts";

const MAX_BODY_BYTES = 1024 * 1024;
export const SESSION_COOKIE = "punie_session";

export type SecurityOptions = {
  /** The address the server is bound to, as given to --host. */
  host: string;
  /** Required on every request except /health when set. */
  token: string | null;
};

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Whether a bind address or host name stays on this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return LOOPBACK_NAMES.has(bare) || bare.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(bare) || bare === "0:0:0:0:0:0:0:1";
}

/** The host name of a Host header value (`name:port`, `[v6]:port`), lower-cased; null when malformed. */
export function hostName(header: string): string | null {
  const value = header.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.\-_]+)(?::(\d{1,5}))?$/.exec(value);
  return match?.[1] ?? null;
}

/**
 * While bound to loopback, only loopback names or the bound address may appear in Host: a page on
 * another site that rebinds its DNS name to 127.0.0.1 still sends its own name and is refused.
 */
export function isHostAllowed(header: string | undefined, options: Pick<SecurityOptions, "host">): boolean {
  if (!isLoopbackHost(options.host)) return true;
  if (!header) return false;
  const name = hostName(header);
  if (name === null) return false;
  return isLoopbackHost(name) || name.replace(/^\[|\]$/g, "") === options.host.replace(/^\[|\]$/g, "").toLowerCase();
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request sent by a page of another origin. Browsers always send Origin on
 * cross-origin POSTs (and Sec-Fetch-Site where supported); tools like curl send neither and are
 * not browsers a page could drive.
 */
export function isCrossOriginWrite(request: { method: string; origin?: string | undefined; fetchSite?: string | undefined; host?: string | undefined }): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  if (request.fetchSite && request.fetchSite !== "same-origin" && request.fetchSite !== "none") return true;
  if (!request.origin) return false;
  if (request.origin === "null") return true;
  try {
    return new URL(request.origin).host.toLowerCase() !== (request.host ?? "").toLowerCase();
  } catch {
    return true;
  }
}

/** Compares secrets in constant time (a timing difference must not reveal the token). */
export function sameSecret(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The bearer token of an Authorization header, if any. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/** A token for `--token` when the user needs one (printed in the refusal message). */
export function generateToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString("base64url");
}

/** The Host header; Bun builds the request URL from it, so the URL stands in when it is absent. */
function requestHost(c: Context): string {
  return c.req.header("host") ?? new URL(c.req.url).host;
}

/** Every rule, in the order a request meets them. `/health` needs no token (monitoring). */
export function securityMiddleware(options: SecurityOptions): MiddlewareHandler[] {
  const limit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => httpError(413, `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`) });
  const host: MiddlewareHandler = async (c, next) => {
    if (!isHostAllowed(requestHost(c), options)) return httpError(403, "This server answers only to loopback host names.");
    await next();
  };
  const auth: MiddlewareHandler = async (c, next) => {
    const token = options.token;
    if (token === null || c.req.path === "/health" || c.req.path === "/login") return next();
    if (sameSecret(bearerToken(c.req.header("authorization")), token) || sameSecret(getCookie(c, SESSION_COOKIE), token)) return next();
    return httpError(401, "A token is required: send Authorization: Bearer TOKEN, or open /login?token=TOKEN once.");
  };
  const origin: MiddlewareHandler = async (c, next) => {
    const request = { method: c.req.method, origin: c.req.header("origin"), fetchSite: c.req.header("sec-fetch-site"), host: requestHost(c) };
    if (isCrossOriginWrite(request)) return httpError(403, "Cross-origin requests may not change anything here.");
    await next();
  };
  return [limit, host, auth, origin];
}
