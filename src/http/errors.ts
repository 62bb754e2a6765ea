/**
 * Errors over HTTP: always `{error: message}` with a fitting status, never a stack trace.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { HTTPException } from "hono/http-exception";
import type { ErrorHandler } from "hono";
import { z } from "zod";

/** A JSON error response (for middleware that answers before any route). */
export function httpError(status: ContentfulStatusCode, message: string): Response {
  return Response.json({ error: message }, { status });
}

/** Thrown by routes; turned into `{error}` by `onHttpError`. */
export function fail(status: ContentfulStatusCode, message: string): never {
  throw new HTTPException(status, { message });
}

/** Reads and checks a JSON body: invalid JSON or shape is a 400 naming the field. */
export async function readBody<T>(request: { json(): Promise<unknown> }, schema: z.ZodType<T>): Promise<T> {
  let value: unknown;
  try {
    value = await request.json();
  } catch {
    fail(400, "The request body must be JSON.");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    fail(400, `${where}${issue?.message ?? "invalid body"}`);
  }
  return parsed.data;
}

export const onHttpError: ErrorHandler = (error, c) => {
  if (error instanceof HTTPException) {
    // bodyLimit and others throw with a prepared response; keep their status, our shape.
    return c.json({ error: error.message || "Request refused." }, error.status);
  }
  console.error(error);
  return c.json({ error: "Internal error; see the server's log." }, 500);
};
