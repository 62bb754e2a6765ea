/** The toolset of a session, shared by the IDE and terminal front ends. */
import type { AnyTool } from "../tools/types.ts";
import { CORE_TOOLS } from "../tools/index.ts";

/** Core tools plus the Python tools whose programs are installed for this project. */
export async function sessionTools(_cwd: string, _env: Record<string, string | undefined>): Promise<AnyTool[]> {
  return [...CORE_TOOLS];
}

/** The ```python syntax check for answers (local mode), or null when no parser is available. */
export async function answerCheckFor(_env: Record<string, string | undefined>): Promise<((answer: string) => Promise<string | null>) | null> {
  return null;
}
