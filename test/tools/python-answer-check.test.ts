import { describe, expect, test } from "bun:test";
import { createPythonAnswerCheck, extractPythonBlocks } from "../../src/agent/python-check.ts";

const python3 = Bun.which("python3");
const withPython = test.skipIf(!python3);

describe("extractPythonBlocks", () => {
  test("finds python, py and python3 blocks with either fence, and only those", () => {
    const answer = [
      "Intro",
      "```python",
      "x = 1",
      "```",
      "```bash",
      "echo hi",
      "```",
      "~~~py",
      "y = 2",
      "~~~",
      "````markdown",
      "```python",
      "not a block: it is inside a markdown example",
      "```",
      "````",
      "  ```Python3 title=demo",
      "z = 3",
      "  ```",
    ].join("\n");
    expect(extractPythonBlocks(answer)).toEqual([
      { index: 1, code: "x = 1", answerLine: 3 },
      { index: 2, code: "y = 2", answerLine: 9 },
      { index: 3, code: "z = 3", answerLine: 17 },
    ]);
  });

  test("skips >>> console sessions and keeps an unclosed block (a truncated answer)", () => {
    expect(extractPythonBlocks("```python\n>>> 1 + 1\n2\n```\n```python\ndef f(:\n")).toEqual([
      { index: 1, code: "def f(:\n", answerLine: 6 },
    ]);
  });
});

describe("createPythonAnswerCheck with the real python3 parser", () => {
  withPython("valid code passes, including what a regex would get wrong", async () => {
    const check = createPythonAnswerCheck();
    const answer = [
      "Here is the fix:",
      "```python",
      'DOC = """def broken(:\n  ```"""',
      "match command:",
      "    case [\"go\", where]:",
      "        print(f\"{where!r:>10}\")",
      "    case _:",
      "        pass",
      "```",
    ].join("\n");
    expect(await check(answer)).toBeNull();
    expect(await check("No code here.")).toBeNull();
  });

  withPython("a broken block gets a repair request naming the block, the line and the error", async () => {
    const check = createPythonAnswerCheck();
    const answer = "```python\nprint('ok')\n```\nand\n```python\ndef add(a, b):\n    return a +\n```";
    const repair = await check(answer);
    expect(repair).toContain("python block 2 (starting `def add(a, b):`)");
    expect(repair).toContain("invalid syntax at line 2");
    expect(repair).toContain("`return a +`");
    expect(repair).toContain("send your whole answer again");
    expect(repair).not.toContain("block 1");
  });

  withPython("unclosed brackets and bad indentation are caught too", async () => {
    const check = createPythonAnswerCheck();
    expect(await check("```py\nx = [1, 2\n```")).toContain("was never closed");
    expect(await check("```py\ndef f():\nreturn 1\n```")).toContain("expected an indented block");
  });
});

describe("without a Python interpreter", () => {
  test("the check is off and says so once", async () => {
    const notes: string[] = [];
    const check = createPythonAnswerCheck({ env: { PATH: "" }, debug: (message) => notes.push(message) });
    expect(await check("```python\ndef f(:\n```")).toBeNull();
    expect(await check("```python\ndef g(:\n```")).toBeNull();
    expect(notes).toEqual(["No python3 found: the syntax check of ```python blocks in answers is off."]);
  });

  test("an interpreter that cannot start turns the check off", async () => {
    const notes: string[] = [];
    const check = createPythonAnswerCheck({ python: "/nonexistent/python3", debug: (message) => notes.push(message) });
    expect(await check("```python\ndef f(:\n```")).toBeNull();
    expect(notes.length).toBe(1);
    expect(notes[0]).toContain("could not run");
  });

  test("PUNIE_PYTHON is the interpreter it runs (through the one resolver)", async () => {
    const notes: string[] = [];
    const check = createPythonAnswerCheck({ env: { PATH: "", PUNIE_PYTHON: "/nonexistent/env-python" }, debug: (message) => notes.push(message) });
    expect(await check("```python\ndef f(:\n```")).toBeNull();
    expect(notes[0]).toContain("/nonexistent/env-python");
  });
});
