/**
 * The dashboard's only files: a stylesheet (the shared page colours, then its own rules) and a
 * script, embedded in the binary. Nothing on disk is ever served.
 */
import css from "./assets/dashboard.css" with { type: "text" };
import script from "./assets/dashboard-client.js" with { type: "text" };
import { PAGE_COLORS } from "../page-colors.ts";

export type Asset = { body: string; type: string; etag: string };

const asset = (body: string, type: string): Asset => ({ body, type, etag: `"${Bun.hash(body).toString(36)}"` });

export const ASSETS: ReadonlyMap<string, Asset> = new Map([
  ["/assets/dashboard.css", asset(PAGE_COLORS + css, "text/css; charset=utf-8")],
  ["/assets/dashboard.js", asset(script, "text/javascript; charset=utf-8")],
]);
