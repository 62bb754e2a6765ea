import { describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  choosePython,
  isAtLeast,
  type PythonCandidates,
  type PythonSource,
  parsePythonVersion,
  probePythonVersion,
  resolvePython,
  resolvePythonAtLeast,
  versionedNames,
} from "../../src/python/resolve.ts";
import { tempDir } from "../helpers/temp.ts";

describe("choosePython: --python > PUNIE_PYTHON > .venv > python3 on PATH", () => {
  const all: PythonCandidates = { flag: "/f/python", env: "/e/python", venv: "/w/.venv/bin/python", path: "/usr/bin/python3" };
  const cases: [string, PythonCandidates, string | null, PythonSource | null][] = [
    ["all present: the flag", all, "/f/python", "flag"],
    ["no flag: the env", { ...all, flag: undefined }, "/e/python", "env"],
    ["no flag, no env: the venv", { venv: all.venv, path: all.path }, "/w/.venv/bin/python", "venv"],
    ["only PATH", { path: all.path }, "/usr/bin/python3", "path"],
    ["empty env value is unset", { env: "", path: all.path }, "/usr/bin/python3", "path"],
    ["nothing", {}, null, null],
  ];
  for (const [name, candidates, path, source] of cases) {
    test(name, () => {
      const chosen = choosePython(candidates);
      expect(chosen?.path ?? null).toBe(path);
      expect(chosen?.source ?? null).toBe(source);
    });
  }
});

describe("versions", () => {
  test.each([
    ["3.12", [3, 12]],
    [" 3.9\n", [3, 9]],
    ["3", null],
    ["3.x", null],
    ["python 3.12", null],
  ] as const)("parsePythonVersion(%p)", (text, expected) => {
    expect(parsePythonVersion(text)).toEqual(expected as never);
  });
  test.each([
    [[3, 12], [3, 12], true],
    [[3, 13], [3, 12], true],
    [[3, 11], [3, 12], false],
    [[4, 0], [3, 12], true],
    [[2, 7], [3, 0], false],
  ] as const)("isAtLeast(%p, %p) = %p", (a, b, expected) => {
    expect(isAtLeast(a, b)).toBe(expected);
  });
  test("versioned names start at the minimum and go newer", () => {
    expect(versionedNames([3, 12]).slice(0, 3)).toEqual(["python3.12", "python3.13", "python3.14"]);
    expect(versionedNames([2, 7])).toEqual([]);
  });
});

/** A fake interpreter: a shell script that answers the version probe. */
function fakePython(dir: string, name: string, version: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\necho ${version}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe("resolvePython and the minimum lookup (fake interpreters)", () => {
  test("the folder's .venv wins over PATH, PUNIE_PYTHON over the .venv, --python over both", async () => {
    const root = tempDir();
    const bin = join(root, "bin");
    const onPath = fakePython(bin, "python3", "3.11");
    const venv = fakePython(join(root, "work", ".venv", "bin"), "python", "3.12");
    const envPython = fakePython(join(root, "env"), "python", "3.13");
    const folder = join(root, "work");
    expect(await resolvePython({ folder: root, env: { PATH: bin } })).toEqual({ path: onPath, source: "path" });
    expect(await resolvePython({ folder, env: { PATH: bin } })).toEqual({ path: venv, source: "venv" });
    expect(await resolvePython({ folder, env: { PATH: bin, PUNIE_PYTHON: envPython } })).toEqual({ path: envPython, source: "env" });
    expect(await resolvePython({ folder, python: "/x/py", env: { PATH: bin, PUNIE_PYTHON: envPython } })).toEqual({ path: "/x/py", source: "flag" });
    expect(await resolvePython({ folder: root, env: { PATH: join(root, "nowhere") } })).toBeNull();
  });

  test("the probe reads the version; a missing interpreter gives null", async () => {
    const root = tempDir();
    expect(await probePythonVersion(fakePython(root, "python3", "3.10"))).toEqual([3, 10]);
    expect(await probePythonVersion(join(root, "missing"))).toBeNull();
  });

  test("too old a python3 falls back to python3.Y on PATH", async () => {
    const bin = join(tempDir(), "bin");
    fakePython(bin, "python3", "3.11");
    const newer = fakePython(bin, "python3.12", "3.12");
    const result = await resolvePythonAtLeast([3, 12], { folder: bin, env: { PATH: bin } });
    expect(result).toEqual({ ok: true, python: { path: newer, source: "path", version: [3, 12] } });
  });

  test("a new enough python3 is used as it is", async () => {
    const bin = join(tempDir(), "bin");
    const python3 = fakePython(bin, "python3", "3.13");
    const result = await resolvePythonAtLeast([3, 12], { folder: bin, env: { PATH: bin } });
    expect(result).toEqual({ ok: true, python: { path: python3, source: "path", version: [3, 13] } });
  });

  test("none new enough: one line naming what was found and what is needed", async () => {
    const bin = join(tempDir(), "bin");
    fakePython(bin, "python3", "3.11");
    const result = await resolvePythonAtLeast([3, 12], { folder: bin, env: { PATH: bin } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain("Python 3.12 or newer is needed");
      expect(result.message).toContain("is Python 3.11");
      expect(result.message).not.toContain("\n");
    }
  });

  test("an explicit --python that is too old is not second-guessed", async () => {
    const bin = join(tempDir(), "bin");
    const old = fakePython(bin, "old-python", "3.11");
    fakePython(bin, "python3.12", "3.12");
    const result = await resolvePythonAtLeast([3, 12], { folder: bin, python: old, env: { PATH: bin } });
    expect(result).toEqual({ ok: false, message: `--python ${old} is Python 3.11; Python 3.12 or newer is needed` });
  });
});
