/**
 * Finding the Python tools a project uses: its own `.venv/bin` first (the versions the project
 * pins), then PATH.
 */
import { join } from "node:path";
import { isExecutableSync } from "../../python/resolve.ts";

export type Env = Record<string, string | undefined>;

/**
 * Absolute path of `name`, or null when the project and PATH lack it. Sync checks, like
 * Bun.which: a session's first request waits for the whole scan, and six checks through the
 * thread pool cost more than they do.
 */
export async function findProgram(name: string, cwd: string, env: Env): Promise<string | null> {
  const inVenv = join(cwd, ".venv", "bin", name);
  if (isExecutableSync(inVenv)) return inVenv;
  return Bun.which(name, { PATH: env.PATH ?? "", cwd }) ?? null;
}

/** The type checkers in order of preference: the first one found is offered. */
export const TYPE_CHECKERS = ["ty", "pyright", "mypy"] as const;
export type TypeCheckerName = (typeof TYPE_CHECKERS)[number];

export type FoundPythonTools = {
  ruff: string | null;
  pytest: string | null;
  typeChecker: { name: TypeCheckerName; path: string } | null;
};

export async function findPythonPrograms(cwd: string, env: Env): Promise<FoundPythonTools> {
  const [ruff, pytest, ...checkers] = await Promise.all([
    findProgram("ruff", cwd, env),
    // Debian and Ubuntu name it pytest-3.
    findProgram("pytest", cwd, env).then(async (path) => path ?? (await findProgram("pytest-3", cwd, env))),
    ...TYPE_CHECKERS.map((name) => findProgram(name, cwd, env)),
  ]);
  const index = checkers.findIndex((path) => path !== null);
  const name = TYPE_CHECKERS[index];
  const path = checkers[index];
  return { ruff: ruff ?? null, pytest: pytest ?? null, typeChecker: name && path ? { name, path } : null };
}
