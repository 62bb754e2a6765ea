/**
 * The interpreter that runs mlx_lm: THE Python resolver's choice (`--python` > PUNIE_PYTHON >
 * .venv/bin/python > python3), checked to import mlx_lm before anything starts.
 */
import { describePython, resolvePython } from "../python/resolve.ts";
import { spawnChild } from "../process/index.ts";
import { MlxError } from "./errors.ts";

export type MlxPython = {
  path: string;
  /** mlx_lm.__version__, e.g. "0.31.2". */
  mlxLmVersion: string;
};

export const INSTALL_HINT = "pip install mlx-lm";

/** Children inherit punie's environment (PYTHONPATH included), unbuffered so logs arrive live. */
export function pythonEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return { ...env, PYTHONUNBUFFERED: "1" };
}

/**
 * Resolves the interpreter and checks `import mlx_lm`.
 * @throws MlxError with the install command when there is no Python or no mlx_lm
 */
export async function resolveMlxPython(options: { python?: string | undefined; cwd: string; env: Record<string, string | undefined> }): Promise<MlxPython> {
  const choice = await resolvePython({ python: options.python, folder: options.cwd, env: options.env });
  if (!choice) throw new MlxError(`No Python found (no --python, PUNIE_PYTHON, .venv/bin/python or python3 on PATH): install Python 3, then ${INSTALL_HINT}`);
  let child: ReturnType<typeof spawnChild<"ignore", "pipe", "pipe">>;
  try {
    child = spawnChild([choice.path, "-c", "import mlx_lm; print(getattr(mlx_lm, '__version__', 'unknown'))"], {
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      env: pythonEnv(options.env),
      cwd: options.cwd,
    });
  } catch {
    throw new MlxError(`${describePython(choice)} could not be started: point --python or PUNIE_PYTHON at a Python with mlx_lm (${INSTALL_HINT})`);
  }
  const [out, , exit] = await Promise.all([new Response(child.proc.stdout).text(), new Response(child.proc.stderr).text(), child.exited]);
  if (exit.code !== 0) throw new MlxError(`mlx_lm is not installed for ${describePython(choice)}: ${INSTALL_HINT} (mlx_lm runs on Apple silicon Macs)`);
  return { path: choice.path, mlxLmVersion: out.trim() || "unknown" };
}
