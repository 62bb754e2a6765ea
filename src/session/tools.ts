/** Tools shared by the IDE and terminal front ends beyond the core set. */
import type { AnyTool } from "../tools/types.ts";
import { CORE_TOOLS } from "../tools/index.ts";

/** The Python tools (ruff, a type checker, pytest) installed for this project. */
export async function pythonToolsFor(_cwd: string, _env: Record<string, string | undefined>): Promise<AnyTool[]> {
  return [];
}

/** Core tools plus the Python tools whose programs are installed for this project. */
export async function sessionTools(cwd: string, env: Record<string, string | undefined>): Promise<AnyTool[]> {
  return [...CORE_TOOLS, ...(await pythonToolsFor(cwd, env))];
}

/** The ```python syntax check for answers (local mode), or null when no parser is available. */
export async function answerCheckFor(_env: Record<string, string | undefined>): Promise<((answer: string) => Promise<string | null>) | null> {
  return null;
}
