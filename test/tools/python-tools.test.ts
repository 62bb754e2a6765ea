import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmod, cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PermissionDeniedError } from "../../src/errors.ts";
import type { PermissionAsk, PermissionGate } from "../../src/permissions/gate.ts";
import { detectPythonTools, findProgram } from "../../src/tools/python/index.ts";
import type { AnyTool, ToolContext } from "../../src/tools/types.ts";
import { createLocalWorkspace, type LocalWorkspace } from "../../src/workspace/local-workspace.ts";

const fixtures = join(import.meta.dir, "..", "fixtures");
let dir: string;
let workspace: LocalWorkspace;
let asks: PermissionAsk[];

beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "punie-py-")));
  workspace = createLocalWorkspace({ root: dir, askPermission: async () => ({ outcome: "cancelled" }) });
  asks = [];
  const utils = join(dir, ".utils");
  await mkdir(utils);
  for (const name of ["sh", "cat", "cp", "pwd", "sleep", "echo"]) {
    const path = Bun.which(name);
    if (path) await symlink(path, join(utils, name));
  }
  noPath = { PATH: utils };
});
afterEach(async () => {
  await workspace.dispose();
  await rm(dir, { recursive: true, force: true });
});

function context(gate?: PermissionGate, signal = new AbortController().signal): ToolContext {
  return {
    workspace,
    permissions: gate ?? { check: async (ask) => void asks.push(ask), readDenial: () => null },
    toolCallId: "call-py",
    signal,
    progress: () => {},
  };
}

/** A fake program in the project's .venv/bin: records its arguments, then runs `body`. */
async function fakeProgram(name: string, body: string): Promise<void> {
  const path = join(dir, ".venv", "bin", name);
  await mkdir(join(dir, ".venv", "bin"), { recursive: true });
  await writeFile(path, `#!/bin/sh\necho "$@" > "${dir}/.${name}-args"\n${body}\n`);
  await chmod(path, 0o755);
}

const tool = (tools: AnyTool[], name: string): AnyTool => {
  const found = tools.find((t) => t.name === name);
  if (!found) throw new Error(`${name} not offered; got ${tools.map((t) => t.name).join(", ")}`);
  return found;
};

/** A PATH with only the shell utilities the fakes use, so no real Python tool is found on it. */
let noPath: { PATH: string };

describe("detectPythonTools", () => {
  test("offers nothing when no program is found", async () => {
    expect(await detectPythonTools(dir, noPath)).toEqual([]);
  });

  test("offers the tools whose programs are in .venv/bin, and the first type checker of ty, pyright, mypy", async () => {
    await fakeProgram("ruff", "exit 0");
    await fakeProgram("mypy", "exit 0");
    await fakeProgram("pyright", "exit 0");
    const tools = await detectPythonTools(dir, noPath);
    expect(tools.map((t) => t.name)).toEqual(["ruff_check", "ruff_format", "typecheck"]);
    expect(tool(tools, "typecheck").description).toContain("pyright");
    await fakeProgram("ty", "exit 0");
    expect(tool(await detectPythonTools(dir, noPath), "typecheck").description).toContain("with ty");
  });

  test("finds programs on PATH too", async () => {
    const bin = join(dir, "bin");
    await mkdir(bin);
    await writeFile(join(bin, "pytest"), "#!/bin/sh\n");
    await chmod(join(bin, "pytest"), 0o755);
    expect(await findProgram("pytest", dir, { PATH: bin })).toBe(join(bin, "pytest"));
    expect((await detectPythonTools(dir, { PATH: bin })).map((t) => t.name)).toEqual(["pytest_run"]);
  });

  test("every tool is an execute tool", async () => {
    await fakeProgram("ruff", "exit 0");
    await fakeProgram("mypy", "exit 0");
    await fakeProgram("pytest", "exit 0");
    const tools = await detectPythonTools(dir, noPath);
    expect(tools.map((t) => [t.name, t.kind])).toEqual([
      ["ruff_check", "execute"],
      ["ruff_format", "execute"],
      ["typecheck", "execute"],
      ["pytest_run", "execute"],
    ]);
  });
});

describe("running the tools", () => {
  test("ruff_check asks permission, runs in the session folder and returns diagnostics", async () => {
    const json = (await readFile(join(fixtures, "tool-output", "ruff-check.json"), "utf8")).replaceAll("/project/", `${dir}/`);
    await writeFile(join(dir, "ruff.json"), json);
    await fakeProgram("ruff", `pwd > "${dir}/.ruff-cwd"\ncat "${dir}/ruff.json"\nexit 1`);
    await mkdir(join(dir, "pkg"));
    const ruffCheck = tool(await detectPythonTools(dir, noPath), "ruff_check");
    expect(ruffCheck.title({ paths: [join(dir, "pkg")] }, dir)).toBe("ruff check pkg");
    const result = await ruffCheck.execute({ paths: ["pkg"] }, context());
    expect(asks).toEqual([
      { action: "execute", toolName: "ruff_check", toolCallId: "call-py", title: "Run ruff check --output-format json pkg", command: "ruff check --output-format json pkg" },
    ]);
    expect((await readFile(join(dir, ".ruff-cwd"), "utf8")).trim()).toBe(dir);
    expect(result.isError).toBeUndefined();
    expect(result.output).toBe(
      [
        "ruff check: 1 error, 2 warnings in 3 files.",
        "calc.py:1:8: warning[F401] `os` imported but unused",
        "pkg/util.py:10:89: warning[E501] Line too long (119 > 88)",
        "broken.py:3:12: error[syntax-error] SyntaxError: Expected an expression",
      ].join("\n"),
    );
    expect((result.rawOutput as { diagnostics: unknown[] }).diagnostics).toHaveLength(3);
  });

  test("a refused permission means the program never runs", async () => {
    await fakeProgram("ruff", "exit 0");
    const deny: PermissionGate = {
      readDenial: () => null,
      check: async () => {
        throw new PermissionDeniedError("no");
      },
    };
    const ruffCheck = tool(await detectPythonTools(dir, noPath), "ruff_check");
    await expect(ruffCheck.execute({}, context(deny))).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(await Bun.file(join(dir, ".ruff-args")).exists()).toBe(false);
  });

  test("paths outside the workspace are refused before anything runs", async () => {
    await fakeProgram("ruff", "exit 0");
    const ruffCheck = tool(await detectPythonTools(dir, noPath), "ruff_check");
    await expect(ruffCheck.execute({ paths: ["../../etc"] }, context())).rejects.toThrow("outside the workspace");
    expect(asks).toEqual([]);
  });

  test("a program failing on its own is an error result showing what it said", async () => {
    await fakeProgram("ruff", 'echo "ruff failed: unknown rule selector" >&2\nexit 2');
    const result = await tool(await detectPythonTools(dir, noPath), "ruff_check").execute({}, context());
    expect(result.isError).toBe(true);
    expect(result.output).toContain("failed with exit code 2");
    expect(result.output).toContain("unknown rule selector");
  });

  test("ruff_format --check lists the files that would change", async () => {
    await fakeProgram("ruff", `cat "${fixtures}/tool-output/ruff-format-check.txt"\nexit 1`);
    const result = await tool(await detectPythonTools(dir, noPath), "ruff_format").execute({ check: true }, context());
    expect(result.output).toBe("ruff format: 2 files would be reformatted, 3 already formatted:\ncalc.py\npkg/util.py");
    expect((await readFile(join(dir, ".ruff-args"), "utf8")).trim()).toBe("format --check .");
  });

  test("typecheck with mypy parses its text lines", async () => {
    await fakeProgram("mypy", `cat "${fixtures}/tool-output/mypy.txt"\nexit 1`);
    const result = await tool(await detectPythonTools(dir, noPath), "typecheck").execute({}, context());
    expect(result.output.split("\n")[0]).toBe("mypy: 2 errors, 1 note in 2 files.");
    expect(result.output).toContain('calc.py:16:14: error[assignment] Incompatible types in assignment');
    expect((await readFile(join(dir, ".mypy-args"), "utf8")).trim()).toBe(
      "--show-column-numbers --show-error-codes --no-color-output --no-error-summary .",
    );
  });

  test("pytest_run reads the JUnit report pytest writes", async () => {
    // The fake writes the real report captured from pytest to the path it is given.
    await fakeProgram(
      "pytest",
      `for a in "$@"; do case "$a" in --junitxml=*) cp "${fixtures}/tool-output/pytest-junit-xunit1.xml" "\${a#--junitxml=}";; esac; done\nexit 1`,
    );
    const pytestRun = tool(await detectPythonTools(dir, noPath), "pytest_run");
    await mkdir(join(dir, "tests"));
    const result = await pytestRun.execute({ tests: ["tests/test_calc.py::test_sub"], keyword: "sub" }, context());
    expect(result.output.split("\n")[0]).toBe("pytest: 2 failed, 2 passed, 1 skipped, 1 error.");
    expect(result.output).toContain("FAILED tests/test_calc.py::test_sub - assert 4 == 2");
    expect(result.rawOutput).toMatchObject({ passed: 2, failed: 2, errors: 1, skipped: 1, exitCode: 1 });
    const args = (await readFile(join(dir, ".pytest-args"), "utf8")).trim();
    expect(args).toContain("-k sub");
    expect(args.endsWith("tests/test_calc.py::test_sub")).toBe(true);
    expect(asks[0]?.command).toStartWith("pytest -q -rfE --color=no --junitxml=");
  });

  test("an abort stops a running tool at once", async () => {
    await fakeProgram("pytest", `echo $$ > "${dir}/.pid"\nexec sleep 30`);
    const controller = new AbortController();
    const pytestRun = tool(await detectPythonTools(dir, noPath), "pytest_run");
    const running = pytestRun.execute({}, context(undefined, controller.signal));
    while (!(await Bun.file(join(dir, ".pid")).exists()) || (await Bun.file(join(dir, ".pid")).text()) === "") await Bun.sleep(5);
    const started = performance.now();
    controller.abort(new Error("cancelled by the user"));
    await expect(running).rejects.toThrow("cancelled by the user");
    expect(performance.now() - started).toBeLessThan(500);
  });
});

/** A program on PATH that answers --version: what the real-program tests need (else they are skipped). */
function runs(name: string, PATH = process.env.PATH ?? ""): boolean {
  const path = Bun.which(name, { PATH });
  return path !== null && Bun.spawnSync([path, "--version"], { env: { ...process.env, PATH } }).exitCode === 0;
}
const pytestRuns = runs("pytest") || runs("pytest-3");
const aTypeCheckerRuns = ["ty", "pyright", "mypy"].some((name) => Bun.which(name) !== null);
const ruffRuns = runs("ruff");

describe("the real programs on the fixture project", () => {
  const sample = join(fixtures, "python", "sample");

  test.skipIf(!pytestRuns)("pytest_run runs real pytest", async () => {
    await cp(sample, dir, { recursive: true });
    const tools = await detectPythonTools(dir, process.env);
    const pytestRun = tools.find((t) => t.name === "pytest_run");
    expect(pytestRun).toBeDefined();
    const result = await pytestRun!.execute({ tests: ["tests"] }, context());
    expect(result.rawOutput).toMatchObject({ passed: 2, failed: 2, errors: 1, skipped: 1, exitCode: 1 });
    const ids = (result.rawOutput as { failures: { id: string }[] }).failures.map((f) => f.id).sort();
    expect(ids).toEqual(["tests/test_calc.py::TestMore::test_fail", "tests/test_calc.py::test_error", "tests/test_calc.py::test_sub"]);
  }, 60_000);

  test.skipIf(!aTypeCheckerRuns)("typecheck runs the real type checker", async () => {
    await cp(sample, dir, { recursive: true });
    const typecheck = (await detectPythonTools(dir, process.env)).find((t) => t.name === "typecheck");
    expect(typecheck).toBeDefined();
    const result = await typecheck!.execute({ paths: ["calc.py"] }, context());
    const diagnostics = (result.rawOutput as { diagnostics: { file: string; line: number; severity: string }[] }).diagnostics;
    expect(diagnostics).toContainEqual(expect.objectContaining({ file: "calc.py", line: 16, severity: "error" }));
  }, 120_000);

  // CI installs both (pyright from npm as a dev dependency, mypy from Debian): each runs for real.
  const checkers: Array<[string, () => string | null]> = [
    ["pyright", () => (Bun.which("node") ? `${join(import.meta.dir, "..", "..", "node_modules", ".bin")}:${dirname(Bun.which("node") as string)}` : null)],
    ["mypy", () => (Bun.which("mypy", { PATH: "/usr/bin:/bin" }) ? "/usr/bin:/bin" : null)],
  ];
  for (const [name, pathFor] of checkers) {
    const PATH = pathFor();
    test.skipIf(!PATH || !Bun.which(name, { PATH }))(`typecheck runs real ${name}`, async () => {
      await cp(sample, dir, { recursive: true });
      const typecheck = (await detectPythonTools(dir, { ...process.env, PATH: PATH ?? "" })).find((t) => t.name === "typecheck");
      expect(typecheck?.description).toContain(name);
      const result = await typecheck?.execute({ paths: ["calc.py"] }, context());
      const diagnostics = (result?.rawOutput as { diagnostics: { file: string; line: number; severity: string }[] }).diagnostics;
      expect(diagnostics).toContainEqual(expect.objectContaining({ file: "calc.py", line: 16, severity: "error" }));
    }, 120_000);
  }

  test.skipIf(!ruffRuns)("ruff_check runs real ruff", async () => {
    await cp(sample, dir, { recursive: true });
    const ruffCheck = (await detectPythonTools(dir, process.env)).find((t) => t.name === "ruff_check");
    expect(ruffCheck).toBeDefined();
    const result = await ruffCheck!.execute({ paths: ["calc.py"] }, context());
    const diagnostics = (result.rawOutput as { diagnostics: { file: string; code: string }[] }).diagnostics;
    expect(diagnostics).toContainEqual(expect.objectContaining({ file: "calc.py", code: "F401" }));
  }, 60_000);
});

describe("what the model sees", () => {
  test("the JSON Schemas of the Python tools", async () => {
    const { toolSpecs } = await import("../../src/tools/schema.ts");
    for (const name of ["ruff", "mypy", "pytest"]) await fakeProgram(name, "exit 0");
    expect(toolSpecs(await detectPythonTools(dir, noPath))).toMatchSnapshot();
  });
});
