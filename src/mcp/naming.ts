/**
 * Names MCP tools for the model: `mcp__<server>__<tool>`, fitting the `^[a-zA-Z0-9_-]{1,64}$` that
 * OpenAI-compatible servers enforce. A name that is too long or already taken is shortened and
 * given a hash of the original server and tool names, so it stays the same from run to run.
 */
import { createHash } from "node:crypto";

export const MAX_TOOL_NAME_LENGTH = 64;
export const MCP_TOOL_PREFIX = "mcp__";
const HASH_LENGTH = 6;

/** Keeps ASCII letters, digits, `_` and `-`; accents are dropped, anything else becomes `_`. */
export function sanitizeNamePart(raw: string): string {
  const ascii = raw.normalize("NFKD").replace(/\p{M}+/gu, "");
  const cleaned = ascii.replace(/[^A-Za-z0-9_-]+/g, "_");
  return cleaned === "" || cleaned === "_" ? "x" : cleaned;
}

export function shortHash(text: string, length = HASH_LENGTH): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/**
 * The model-facing name of `tool` on `server`, avoiding every name in `taken` (the caller adds the
 * result to it). Pure: same inputs, same name.
 */
export function mcpToolName(server: string, tool: string, taken: ReadonlySet<string> = new Set()): string {
  const base = `${MCP_TOOL_PREFIX}${sanitizeNamePart(server)}__${sanitizeNamePart(tool)}`;
  if (base.length <= MAX_TOOL_NAME_LENGTH && !taken.has(base)) return base;
  // The separator keeps ("a", "b_c") and ("a_b", "c") apart in the hash input.
  const identity = `${server}\u0000${tool}`;
  for (let attempt = 0; ; attempt++) {
    const hash = shortHash(attempt === 0 ? identity : `${identity}\u0000${attempt}`);
    const name = `${base.slice(0, MAX_TOOL_NAME_LENGTH - HASH_LENGTH - 1)}_${hash}`;
    if (!taken.has(name)) return name;
  }
}

/** Makes server names unique within a session: a second "jetbrains" becomes "jetbrains-2". */
export function uniqueServerNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw) => {
    const name = raw.trim() === "" ? "server" : raw.trim();
    let candidate = name;
    for (let index = 2; seen.has(candidate); index++) candidate = `${name}-${index}`;
    seen.add(candidate);
    return candidate;
  });
}
