import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PermissionDeniedError, ToolInputError } from "../../src/errors.ts";
import type { PermissionAsk, PermissionGate } from "../../src/permissions/gate.ts";
import { editFileTool, planEdit } from "../../src/tools/edit-file.ts";
import type { ToolContent, ToolContext } from "../../src/tools/types.ts";
import { createLocalWorkspace, type LocalWorkspace } from "../../src/workspace/local-workspace.ts";

let dir: string;
let workspace: LocalWorkspace;
let asks: PermissionAsk[];
let progress: ToolContent[][];

function context(gate?: PermissionGate): ToolContext {
  return {
    workspace,
    permissions: gate ?? { check: async (ask) => void asks.push(ask), readDenial: () => null },
    toolCallId: "call-1",
    signal: new AbortController().signal,
    progress: (content) => progress.push(content),
  };
}

beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "punie-edit-")));
  workspace = createLocalWorkspace({ root: dir, askPermission: async () => ({ outcome: "cancelled" }) });
  asks = [];
  progress = [];
  await writeFile(join(dir, "calc.py"), "def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a - b\n");
});
afterEach(async () => {
  await workspace.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe("edit_file", () => {
  test("replaces a unique match, asks permission first, and returns a diff", async () => {
    const args = { path: "calc.py", old_text: "def add(a, b):\n    return a - b", new_text: "def add(a, b):\n    return a + b" };
    const result = await editFileTool.execute(args, context());
    expect(await readFile(join(dir, "calc.py"), "utf8")).toBe("def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n");
    // The question carries the diff, so the person sees what they approve.
    expect(asks).toEqual([
      {
        action: "edit",
        toolName: "edit_file",
        toolCallId: "call-1",
        title: "Edit calc.py",
        paths: [join(dir, "calc.py")],
        content: [{ type: "diff", path: join(dir, "calc.py"), oldText: "def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a - b\n", newText: "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n" }],
      },
    ]);
    expect(result.output).toContain("Edited calc.py: replaced 1 occurrence.");
    expect(result.output).toContain("--- a/calc.py\n+++ b/calc.py\n@@ -1,5 +1,5 @@");
    expect(result.output).toContain("-    return a - b\n+    return a + b");
    expect(result.content).toEqual([
      {
        type: "diff",
        path: join(dir, "calc.py"),
        oldText: "def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a - b\n",
        newText: "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n",
      },
    ]);
    // The diff travels with the question (above), not as progress of a call that has not started.
    expect(progress).toEqual([]);
  });

  test("a refused permission leaves the file untouched", async () => {
    const deny: PermissionGate = {
      readDenial: () => null,
      check: async () => {
        throw new PermissionDeniedError("The user rejected this action.");
      },
    };
    const attempt = editFileTool.execute({ path: "calc.py", old_text: "a - b\n\n", new_text: "a + b\n\n" }, context(deny));
    await expect(attempt).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(await readFile(join(dir, "calc.py"), "utf8")).toContain("def add(a, b):\n    return a - b");
  });

  test("several matches are an error naming the count and lines, and nothing is written", async () => {
    const error = await editFileTool.execute({ path: "calc.py", old_text: "return a - b", new_text: "return 0" }, context()).catch((e) => e);
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toContain("matches 2 times");
    expect(error.message).toContain("lines 2, 6");
    expect(error.message).toContain("replace_all");
    expect(asks).toEqual([]);
    expect(await readFile(join(dir, "calc.py"), "utf8")).toContain("return a - b\n\n\ndef sub");
  });

  test("replace_all replaces every occurrence", async () => {
    const result = await editFileTool.execute({ path: "calc.py", old_text: "a - b", new_text: "a * b", replace_all: true }, context());
    expect(result.output).toContain("replaced 2 occurrences");
    expect(await readFile(join(dir, "calc.py"), "utf8")).not.toContain("a - b");
  });

  test("zero matches is an error that points at a near miss", async () => {
    const error = await editFileTool.execute({ path: "calc.py", old_text: "def sub(a, b):\nreturn a - b", new_text: "x" }, context()).catch((e) => e);
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toContain("old_text was not found in calc.py");
    expect(error.message).toContain("line 5");
    const plain = await editFileTool.execute({ path: "calc.py", old_text: "nothing like it", new_text: "x" }, context()).catch((e) => e);
    expect(plain.message).toContain("read_file");
    expect(asks).toEqual([]);
  });

  test("a missing file says how to create one", async () => {
    const error = await editFileTool.execute({ path: "nope.py", old_text: "a", new_text: "b" }, context()).catch((e) => e);
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toContain("write_file");
  });

  test("a path outside the workspace is refused before anything is read", async () => {
    await expect(editFileTool.execute({ path: "../x.py", old_text: "a", new_text: "b" }, context())).rejects.toThrow("outside the workspace");
    expect(asks).toEqual([]);
  });

  test("the title shows the relative path", () => {
    expect(editFileTool.title({ path: join(dir, "src", "a.py"), old_text: "", new_text: "" }, dir)).toBe("Edit src/a.py");
  });
});

describe("planEdit", () => {
  test("matches a CRLF file with LF text and keeps CRLF", () => {
    const plan = planEdit("a\r\nb\r\nc\r\n", "a\nb", "x\ny", false, "f.txt");
    expect(plan.content).toBe("x\r\ny\r\nc\r\n");
  });

  test("refuses empty and no-op edits", () => {
    expect(() => planEdit("abc", "", "x", false, "f")).toThrow("old_text is empty");
    expect(() => planEdit("abc", "b", "b", false, "f")).toThrow("identical");
  });

  test("$ patterns in new_text are inserted literally", () => {
    expect(planEdit("price", "price", "$& $1 $$", false, "f").content).toBe("$& $1 $$");
    expect(planEdit("a a", "a", "$&$&", true, "f").content).toBe("$&$& $&$&");
  });
});

describe("what the model sees", () => {
  test("the JSON Schemas of edit_file, list_files and search_text", async () => {
    const { toolSpecs } = await import("../../src/tools/schema.ts");
    const { listFilesTool } = await import("../../src/tools/list-files.ts");
    const { searchTextTool } = await import("../../src/tools/search-text.ts");
    expect(toolSpecs([editFileTool, listFilesTool, searchTextTool])).toMatchSnapshot();
  });
});
