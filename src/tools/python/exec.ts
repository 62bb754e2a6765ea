/** What the Python tools share: target paths checked by the workspace, permission, the run. */
import { capOutput } from "../output.ts";
import { displayPath } from "../paths.ts";
import type { ToolContext, ToolResult } from "../types.ts";
import type { Env } from "./discover.ts";
import { displayCommand, type LocalRun, runLocal } from "./run-local.ts";

export type PythonToolOptions = {
  /** The environment the programs run with (PATH, VIRTUAL_ENV…). */
  env: Env;
  /** A run is stopped after this long. */
  timeoutMs: number;
};

export const DEFAULT_PYTHON_TOOL_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * The paths the model named, checked against the workspace boundary and given to the program
 * relative to the session folder; `fallback` when none.
 */
export async function targetPaths(context: ToolContext, paths: readonly string[] | undefined, fallback: string[]): Promise<string[]> {
  if (!paths || paths.length === 0) return fallback;
  const { workspace } = context;
  return Promise.all(paths.map(async (path) => displayPath(await workspace.resolvePath(path), workspace.cwd)));
}

/** Asks permission to run `argv` (action "execute"), then runs it in the session folder. */
export async function runWithPermission(context: ToolContext, toolName: string, argv: string[], options: PythonToolOptions): Promise<LocalRun> {
  const command = displayCommand(argv);
  await context.permissions.check(
    { action: "execute", toolName, toolCallId: context.toolCallId, title: `Run ${command}`, command },
    context.signal,
  );
  return runLocal(argv, { cwd: context.workspace.cwd, env: options.env, signal: context.signal, timeoutMs: options.timeoutMs });
}

/** The program itself failed (bad flags, crash, missing config): show the model what it said. */
export function programFailure(argv: readonly string[], run: LocalRun): ToolResult {
  const status = run.signal ? `was killed by ${run.signal}` : `failed with exit code ${run.exitCode}`;
  const said = [run.stderr.trim(), run.stdout.trim()].filter((text) => text !== "").join("\n");
  return {
    output: capOutput(`${displayCommand(argv)} ${status}.${said ? `\n${said}` : ""}`, 8000),
    isError: true,
    rawOutput: { exitCode: run.exitCode, signal: run.signal },
  };
}

/** Tool titles: the command as it will run, without the program's path. */
export function commandTitle(words: string[], paths: readonly string[] | undefined, cwd: string): string {
  const shown = (paths ?? []).map((path) => displayPath(path, cwd));
  return [...words, ...shown].join(" ");
}
