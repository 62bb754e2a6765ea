import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { formatDiagnostics } from "../../src/tools/python/diagnostics.ts";
import { parseJunitXml, parsePytestText, summarizeCounts } from "../../src/tools/python/parse-pytest.ts";
import { parseRuffFormat, parseRuffJson } from "../../src/tools/python/parse-ruff.ts";
import { parseMypyText, parsePyrightJson, parseTyConcise } from "../../src/tools/python/parse-typecheck.ts";
import { readXml } from "../../src/tools/python/xml-tags.ts";

const fixture = (name: string) => Bun.file(join(import.meta.dir, "..", "fixtures", "tool-output", name)).text();
const cwd = "/project";

describe("ruff", () => {
  test("check JSON becomes diagnostics with relative paths; a syntax error is an error", async () => {
    expect(parseRuffJson(await fixture("ruff-check.json"), cwd)).toEqual([
      { file: "calc.py", line: 1, col: 8, code: "F401", message: "`os` imported but unused", severity: "warning" },
      { file: "pkg/util.py", line: 10, col: 89, code: "E501", message: "Line too long (119 > 88)", severity: "warning" },
      { file: "broken.py", line: 3, col: 12, code: "syntax-error", message: "SyntaxError: Expected an expression", severity: "error" },
    ]);
    expect(parseRuffJson(await fixture("ruff-check-clean.json"), cwd)).toEqual([]);
  });

  test("format summaries", async () => {
    expect(parseRuffFormat(await fixture("ruff-format-check.txt"))).toEqual({
      reformatted: 2,
      unchanged: 3,
      files: ["calc.py", "pkg/util.py"],
      errors: [],
    });
    expect(parseRuffFormat(await fixture("ruff-format.txt"))).toEqual({ reformatted: 2, unchanged: 3, files: [], errors: [] });
    expect(parseRuffFormat("1 file left unchanged\n")).toEqual({ reformatted: 0, unchanged: 1, files: [], errors: [] });
  });
});

describe("type checkers", () => {
  test("pyright JSON (real output): 0-based positions become 1-based", async () => {
    expect(parsePyrightJson(await fixture("pyright.json"), cwd)).toEqual([
      {
        file: "calc.py",
        line: 16,
        col: 14,
        code: "reportAssignmentType",
        // pyright indents its continuation lines with non-breaking spaces.
        message: 'Type "str" is not assignable to declared type "int"\n\u00a0\u00a0"str" is not assignable to "int"',
        severity: "error",
      },
    ]);
  });

  test("mypy text (real output), with and without columns", async () => {
    const withColumns = parseMypyText(await fixture("mypy.txt"), cwd);
    expect(withColumns[0]).toEqual({
      file: "calc.py",
      line: 16,
      col: 14,
      code: "assignment",
      message: 'Incompatible types in assignment (expression has type "str", variable has type "int")',
      severity: "error",
    });
    expect(withColumns.map((d) => [d.file, d.severity, d.code])).toEqual([
      ["calc.py", "error", "assignment"],
      ["tests/test_calc.py", "error", "import-not-found"],
      ["tests/test_calc.py", "info", null],
    ]);
    const noColumns = parseMypyText(await fixture("mypy-no-columns.txt"), cwd);
    expect(noColumns.length).toBe(3); // the "Found 2 errors" summary is not a diagnostic
    expect(noColumns[0]?.col).toBeNull();
    expect(noColumns[0]?.line).toBe(16);
  });

  test("mypy messages holding brackets keep them", () => {
    const [d] = parseMypyText('a.py:3:5: error: Argument 1 has incompatible type "list[int]"; expected "str"  [arg-type]', cwd);
    expect(d?.message).toBe('Argument 1 has incompatible type "list[int]"; expected "str"');
    expect(d?.code).toBe("arg-type");
  });

  test("ty concise output, current and older layouts", async () => {
    expect(parseTyConcise(await fixture("ty-concise.txt"), cwd)).toEqual([
      { file: "calc.py", line: 16, col: 14, code: "invalid-assignment", message: "Object of type `str` is not assignable to `int`", severity: "error" },
      { file: "tests/test_calc.py", line: 1, col: 8, code: "unresolved-import", message: "Cannot resolve imported module `pytest`", severity: "error" },
      { file: "pkg/util.py", line: 2, col: 1, code: "unused-ignore-comment", message: "Unused blanket `type: ignore` directive", severity: "warning" },
    ]);
    const old = parseTyConcise(await fixture("ty-concise-old.txt"), cwd);
    expect(old.map((d) => `${d.file}:${d.line}:${d.col} ${d.severity} ${d.code}`)).toEqual([
      "calc.py:16:14 error invalid-assignment",
      "pkg/util.py:7:5 warning possibly-unresolved-reference",
    ]);
  });

  test("diagnostics are summarised for the model one per line", async () => {
    const text = formatDiagnostics("pyright", parsePyrightJson(await fixture("pyright.json"), cwd));
    expect(text).toBe(
      'pyright: 1 error in 1 file.\ncalc.py:16:14: error[reportAssignmentType] Type "str" is not assignable to declared type "int" "str" is not assignable to "int"',
    );
    expect(formatDiagnostics("mypy", [])).toBe("mypy: no problems found.");
  });
});

describe("pytest", () => {
  test("JUnit XML (real output): counts and failing node ids with reasons", async () => {
    const report = parseJunitXml(await fixture("pytest-junit-xunit1.xml"));
    expect({ passed: report.passed, failed: report.failed, errors: report.errors, skipped: report.skipped }).toEqual({
      passed: 2,
      failed: 2,
      errors: 1,
      skipped: 1,
    });
    expect(report.failures.map(({ id, kind, message }) => ({ id, kind, message }))).toEqual([
      { id: "tests/test_calc.py::test_sub", kind: "failed", message: "assert 4 == 2" },
      { id: "tests/test_calc.py::TestMore::test_fail", kind: "failed", message: "assert 2 == 3" },
      { id: "tests/test_calc.py::test_error", kind: "error", message: 'failed on setup with "RuntimeError: boom"' },
    ]);
    expect(report.failures[0]?.details).toContain(">       assert sub(3, 1) == 2");
    expect(report.failures[0]?.details).toContain("tests/test_calc.py:11: AssertionError");
    expect(summarizeCounts(report)).toBe("2 failed, 2 passed, 1 skipped, 1 error");
  });

  test("a collection error is an error on the file", async () => {
    const report = parseJunitXml(await fixture("pytest-junit-collection-error.xml"));
    expect(report.errors).toBe(1);
    expect(report.failures[0]?.id).toBe("tests/test_bad.py");
    expect(report.failures[0]?.details).toContain("SyntaxError: invalid syntax");
  });

  test("no tests", async () => {
    const report = parseJunitXml(await fixture("pytest-junit-no-tests.xml"));
    expect(report).toEqual({ passed: 0, failed: 0, errors: 0, skipped: 0, failures: [] });
    expect(summarizeCounts(report)).toBe("no tests ran");
  });

  test("the text summary agrees with the JUnit report on the same run", async () => {
    const text = parsePytestText(await fixture("pytest-q-rfE.txt"));
    const junit = parseJunitXml(await fixture("pytest-junit-xunit1.xml"));
    expect([text.passed, text.failed, text.errors, text.skipped]).toEqual([junit.passed, junit.failed, junit.errors, junit.skipped]);
    expect(text.failures.map((f) => f.id).sort()).toEqual(junit.failures.map((f) => f.id).sort());
    const collection = parsePytestText(await fixture("pytest-collection-error.txt"));
    expect(collection.errors).toBe(1);
    expect(collection.failures).toEqual([{ id: "tests/test_bad.py", kind: "error", message: "", details: "" }]);
  });

  test("the XML reader copes with quoted '>' and entities in attributes", () => {
    const events = [...readXml(`<a x="1 > 0 &amp; &#10;y" z='q'/><b>t&lt;</b><![CDATA[<raw>]]>`)];
    expect(events).toEqual([
      { type: "open", name: "a", attributes: { x: "1 > 0 & \ny", z: "q" }, selfClosing: true },
      { type: "open", name: "b", attributes: {}, selfClosing: false },
      { type: "text", text: "t<" },
      { type: "close", name: "b" },
      { type: "text", text: "<raw>" },
    ]);
  });
});
