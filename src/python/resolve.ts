/**
 * THE Python resolver: every command that runs Python (the answer check, `dataset filter
 * --min-python`, training, the mlx server) finds its interpreter here, in one order:
 * `--python PATH` > `PUNIE_PYTHON` > `.venv/bin/python` in the folder (the workspace, or the cwd
 * for train/mlx) > `python3` on PATH. The precedence is a pure function; the file checks, PATH
 * lookups and the version probe are the I/O around it.
 */
import { accessSync, constants } from "node:fs";
import { access } from "node:fs/promises";
import { join } from "node:path";

export type Env = Record<string, string | undefined>;

/** Where the interpreter came from; messages name it so a user knows what to change. */
export type PythonSource = "flag" | "env" | "venv" | "path";

export type PythonChoice = { path: string; source: PythonSource };

export type PythonVersion = readonly [major: number, minor: number];

export type PythonCandidates = {
  /** `--python PATH`, when given. */
  flag?: string | undefined;
  /** `PUNIE_PYTHON`, when set. */
  env?: string | undefined;
  /** `<folder>/.venv/bin/python` when it exists and is executable. */
  venv?: string | undefined;
  /** `python3` as found on PATH. */
  path?: string | undefined;
};

/** The interpreter the precedence picks, or null when there is none (pure). */
export function choosePython(candidates: PythonCandidates): PythonChoice | null {
  const order: PythonSource[] = ["flag", "env", "venv", "path"];
  for (const source of order) {
    const path = candidates[source];
    if (path) return { path, source };
  }
  return null;
}

/** Human words for a choice, e.g. "PUNIE_PYTHON=/opt/py/bin/python" (pure). */
export function describePython(choice: PythonChoice): string {
  switch (choice.source) {
    case "flag":
      return `--python ${choice.path}`;
    case "env":
      return `PUNIE_PYTHON=${choice.path}`;
    case "venv":
      return choice.path;
    case "path":
      return `${choice.path} (python3 on PATH)`;
  }
}

/** "3.12" → [3, 12]; anything else → null (pure). */
export function parsePythonVersion(text: string): PythonVersion | null {
  const match = /^(\d+)\.(\d+)$/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2])] : null;
}

export function formatPythonVersion(version: PythonVersion): string {
  return `${version[0]}.${version[1]}`;
}

/** a >= b (pure). */
export function isAtLeast(a: PythonVersion, b: PythonVersion): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] >= b[1];
}

/**
 * The `python3.Y` names worth trying for a minimum of 3.Y: 3.Y itself and the newer minors up to
 * 3.20 (a machine may have only python3.13 when 3.12 is asked for) (pure).
 */
export function versionedNames(minimum: PythonVersion): string[] {
  if (minimum[0] !== 3) return [];
  const names: string[] = [];
  for (let minor = minimum[1]; minor <= 20; minor++) names.push(`python3.${minor}`);
  return names;
}

export type ResolveOptions = {
  /** `--python PATH`. */
  python?: string | undefined;
  /** The folder whose `.venv` counts: the workspace, or the cwd for train/mlx. */
  folder: string;
  /** PUNIE_PYTHON and PATH come from here; default process.env. */
  env?: Env;
};

/** Finds the interpreter by the precedence; null when there is none at all. */
export async function resolvePython(options: ResolveOptions): Promise<PythonChoice | null> {
  const env = options.env ?? process.env;
  const venv = join(options.folder, ".venv", "bin", "python");
  const [venvFound, onPath] = await Promise.all([
    options.python || env.PUNIE_PYTHON ? Promise.resolve(false) : isExecutable(venv),
    Promise.resolve(which("python3", env)),
  ]);
  return choosePython({
    flag: options.python,
    env: env.PUNIE_PYTHON,
    venv: venvFound ? venv : undefined,
    path: onPath ?? undefined,
  });
}

/** The interpreter's major.minor, or null when it cannot be started or answers oddly. */
export async function probePythonVersion(python: string, timeoutMs = 10_000): Promise<PythonVersion | null> {
  let proc: ReturnType<typeof Bun.spawn<"ignore", "pipe", "ignore">>;
  try {
    proc = Bun.spawn({
      cmd: [python, "-I", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
      stdin: "ignore",
      stdout: "pipe",
      stderr: "ignore",
    });
  } catch {
    return null;
  }
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  try {
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    return code === 0 ? parsePythonVersion(out) : null;
  } finally {
    clearTimeout(timer);
  }
}

export type PythonFound = PythonChoice & { version: PythonVersion };

export type MinimumResult = { ok: true; python: PythonFound } | { ok: false; message: string };

/**
 * An interpreter of at least `minimum`: the resolved one when it is new enough, else `python3.Y`
 * on PATH (Y from the minimum up). An explicit `--python` is never second-guessed: when it is too
 * old the answer says so. The message of a failure is one line a user can act on.
 */
export async function resolvePythonAtLeast(minimum: PythonVersion, options: ResolveOptions): Promise<MinimumResult> {
  const wanted = formatPythonVersion(minimum);
  const chosen = await resolvePython(options);
  let tooOld: string | undefined;
  if (chosen) {
    const version = await probePythonVersion(chosen.path);
    if (!version) {
      if (chosen.source === "flag" || chosen.source === "env")
        return { ok: false, message: `${describePython(chosen)} could not be started (not found or not a Python interpreter)` };
    } else if (isAtLeast(version, minimum)) {
      return { ok: true, python: { ...chosen, version } };
    } else {
      tooOld = `${describePython(chosen)} is Python ${formatPythonVersion(version)}`;
      if (chosen.source === "flag") return { ok: false, message: `${tooOld}; Python ${wanted} or newer is needed` };
    }
  }
  const env = options.env ?? process.env;
  for (const name of versionedNames(minimum)) {
    const path = which(name, env);
    if (!path) continue;
    const version = await probePythonVersion(path);
    if (version && isAtLeast(version, minimum)) return { ok: true, python: { path, source: "path", version } };
  }
  const found = tooOld ?? "no Python interpreter was found";
  return {
    ok: false,
    message: `Python ${wanted} or newer is needed and ${found}; python3.${minimum[1]} is not on PATH either. Install it, or point --python or PUNIE_PYTHON at one`,
  };
}

function which(name: string, env: Env): string | null {
  return Bun.which(name, { PATH: env.PATH ?? "" }) ?? null;
}

/** The file exists and may be run (a project's `.venv/bin/...`). */
export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** isExecutable without the thread pool: for a batch of checks on the way to a model request. */
export function isExecutableSync(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
