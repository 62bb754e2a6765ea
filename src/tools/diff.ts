/** Unified diffs for tool results: what the model reads after an edit (pure). */
import { createTwoFilesPatch } from "diff";

/** Lines of context around each change, as `git diff` shows. */
const CONTEXT_LINES = 3;

/**
 * A unified diff of one file, headed `--- a/PATH` / `+++ b/PATH` like git's. Empty when nothing
 * changed.
 *
 * @example unifiedDiff("src/app.py", "x = 1\n", "x = 2\n")
 */
export function unifiedDiff(path: string, oldText: string, newText: string): string {
  if (oldText === newText) return "";
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, oldText, newText, undefined, undefined, {
    context: CONTEXT_LINES,
    headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: true },
  });
}
