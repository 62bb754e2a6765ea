/**
 * Matching actual tool calls against expected ones. Path arguments (`path`, `cwd`, `*_path`) are
 * compared relative to the prompt's copy: `./calc.py`, `calc.py` and `/tmp/…/copy/calc.py` match.
 */
import { isAbsolute, normalize, posix, relative, sep } from "node:path";
import type { ArgMatcher, ExpectedTool } from "./suite-schema.ts";

/** A tool call as the eval records it. */
export type ObservedToolCall = {
  name: string;
  arguments: unknown;
  /** "text" when the loop recovered it from the model's text (see model/recover-tool-calls.ts). */
  format: "structured" | "text";
};

export function isPathKey(key: string): boolean {
  return key === "path" || key === "cwd" || key.endsWith("_path");
}

/** A path as seen from the copy's root: no `./`, no trailing slash, "." for the root itself. */
export function normalizeWorkspacePath(value: string, root: string): string {
  let path = value.trim();
  if (isAbsolute(path)) {
    const inside = relative(root, path);
    if (inside.startsWith("..") || isAbsolute(inside)) return normalize(path);
    path = inside.split(sep).join("/");
  }
  const normal = posix.normalize(path === "" ? "." : path).replace(/\/+$/, "");
  return normal === "" ? "." : normal;
}

function asText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** Does one argument value satisfy one matcher? */
export function argMatches(key: string, matcher: ArgMatcher, actual: unknown, root: string): boolean {
  const path = isPathKey(key);
  const prepare = (text: string) => (path ? normalizeWorkspacePath(text, root) : text);
  if (matcher === null || typeof matcher !== "object") {
    if (typeof matcher === "string") {
      const text = asText(actual);
      return text !== null && prepare(text) === prepare(matcher);
    }
    // A number or boolean also matches its text ("10" for 10): models send either.
    return actual === matcher || (typeof actual === "string" && actual === String(matcher));
  }
  const text = asText(actual);
  if (text === null) return false;
  if ("contains" in matcher) return prepare(text).includes(path ? stripDotSlash(matcher.contains) : matcher.contains);
  return new RegExp(matcher.regex).test(prepare(text));
}

function stripDotSlash(text: string): string {
  return text.startsWith("./") ? text.slice(2) : text;
}

/** Does a call satisfy an expected call: the same name and every argument matcher? */
export function callMatches(expected: ExpectedTool, call: ObservedToolCall, root: string): boolean {
  if (expected.name !== call.name) return false;
  const args = typeof call.arguments === "object" && call.arguments !== null ? (call.arguments as Record<string, unknown>) : {};
  return Object.entries(expected.args ?? {}).every(([key, matcher]) => argMatches(key, matcher, args[key], root));
}

/**
 * The most expected calls that can be matched, each actual call used at most once (a bipartite
 * matching, so the order of the calls never costs a match). Returns, per expected call, the index
 * of the actual call matched to it or -1.
 */
export function matchToolCalls(expected: readonly ExpectedTool[], calls: readonly ObservedToolCall[], root: string): number[] {
  const candidates = expected.map((want) => calls.flatMap((call, index) => (callMatches(want, call, root) ? [index] : [])));
  const owner = new Array<number>(calls.length).fill(-1);
  const tryAssign = (want: number, seen: Set<number>): boolean => {
    for (const call of candidates[want] ?? []) {
      if (seen.has(call)) continue;
      seen.add(call);
      const current = owner[call] ?? -1;
      if (current === -1 || tryAssign(current, seen)) {
        owner[call] = want;
        return true;
      }
    }
    return false;
  };
  expected.forEach((_, want) => tryAssign(want, new Set()));
  const assigned = expected.map(() => -1);
  owner.forEach((want, call) => {
    if (want >= 0) assigned[want] = call;
  });
  return assigned;
}
