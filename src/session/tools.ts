/** Tools shared by the IDE and terminal front ends beyond the core set. */
import { createPythonAnswerCheck } from "../agent/python-check.ts";
import { detectPythonTools } from "../tools/python/index.ts";
import type { AnyTool } from "../tools/types.ts";

/** The Python tools (ruff, a type checker, pytest) installed for this project. */
export function pythonToolsFor(cwd: string, env: Record<string, string | undefined>): Promise<AnyTool[]> {
  return detectPythonTools(cwd, env).catch(() => []);
}

/** The ```python syntax check for answers (local mode); it does nothing when no Python is found. */
export function answerCheckFor(cwd: string, env: Record<string, string | undefined>, debug: (message: string) => void) {
  return createPythonAnswerCheck({ cwd, env, debug });
}
