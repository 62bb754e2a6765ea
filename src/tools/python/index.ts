/**
 * Python tools (ruff_check, ruff_format, typecheck, pytest_run): offered only when the program is
 * found in the project's .venv/bin or on PATH, run as local processes in the session folder in
 * every mode, and return structured results parsed from the programs' own output.
 */
import { pythonToolSchemas } from "../python-schemas.ts" with { type: "macro" };
import { primeToolSpec } from "../schema.ts";
import type { AnyTool } from "../types.ts";
import { type Env, findPythonPrograms } from "./discover.ts";
import { DEFAULT_PYTHON_TOOL_TIMEOUT_MS } from "./exec.ts";
import { createPytestRunTool } from "./pytest-run.ts";
import { createRuffCheckTool, createRuffFormatTool } from "./ruff-tools.ts";
import { createTypecheckTool } from "./typecheck.ts";

export type { Diagnostic, DiagnosticSeverity } from "./diagnostics.ts";
export type { PytestFailure, PytestReport } from "./parse-pytest.ts";
export { findProgram, findPythonPrograms } from "./discover.ts";

const PYTHON_TOOL_SCHEMAS = pythonToolSchemas();

export type DetectPythonToolsOptions = { timeoutMs?: number };

/**
 * The Python tools available for a project folder, in a stable order.
 *
 * @example const tools = [...CORE_TOOLS, ...(await detectPythonTools(cwd, process.env))];
 */
export async function detectPythonTools(cwd: string, env: Env, options: DetectPythonToolsOptions = {}): Promise<AnyTool[]> {
  const found = await findPythonPrograms(cwd, env);
  const runOptions = { env, timeoutMs: options.timeoutMs ?? DEFAULT_PYTHON_TOOL_TIMEOUT_MS };
  const tools: AnyTool[] = [];
  if (found.ruff) tools.push(createRuffCheckTool(found.ruff, runOptions), createRuffFormatTool(found.ruff, runOptions));
  if (found.typeChecker) tools.push(createTypecheckTool(found.typeChecker.name, found.typeChecker.path, runOptions));
  if (found.pytest) tools.push(createPytestRunTool(found.pytest, runOptions));
  // Their JSON Schemas were computed at build time (python-schemas.ts).
  for (const tool of tools) primeToolSpec(tool, PYTHON_TOOL_SCHEMAS[tool.name]);
  return tools;
}
