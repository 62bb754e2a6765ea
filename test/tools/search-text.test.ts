import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ToolInputError } from "../../src/errors.ts";
import { allowAllGate } from "../../src/permissions/gate.ts";
import { MAX_SEARCH_MATCHES, searchTextTool } from "../../src/tools/search-text.ts";
import type { ToolContext } from "../../src/tools/types.ts";
import { createLocalWorkspace, type LocalWorkspace } from "../../src/workspace/local-workspace.ts";

let dir: string;
let workspace: LocalWorkspace;

const context = (): ToolContext => ({
  workspace,
  permissions: allowAllGate,
  toolCallId: "c",
  signal: new AbortController().signal,
  progress: () => {},
});

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "punie-search-")));
  const files: Record<string, string | Uint8Array> = {
    ".gitignore": "dist/\n",
    "app.py": "import os\n\ndef main():\n    print('TODO: hello')\n",
    "lib/util.py": "# todo later\nVALUE = 42  # TODO(x)\n",
    "lib/notes.md": "TODO in markdown\n",
    "dist/bundle.py": "TODO ignored\n",
    "image.bin": new Uint8Array([84, 79, 68, 79, 0, 1, 2]), // "TODO" then NUL
    "crlf.txt": "first\r\nTODO crlf\r\n",
    "many.txt": Array.from({ length: MAX_SEARCH_MATCHES + 5 }, (_, i) => `hit ${i}`).join("\n"),
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  workspace = createLocalWorkspace({ root: dir, askPermission: async () => ({ outcome: "cancelled" }) });
});
afterAll(async () => {
  await workspace.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe("search_text", () => {
  test("finds lines with path and line number, skipping ignored and binary files", async () => {
    const result = await searchTextTool.execute({ pattern: "TODO" }, context());
    expect(result.output).toBe(
      ["app.py:4:     print('TODO: hello')", "crlf.txt:2: TODO crlf", "lib/notes.md:1: TODO in markdown", "lib/util.py:2: VALUE = 42  # TODO(x)"].join("\n"),
    );
  });

  test("uses JavaScript regular expressions", async () => {
    const result = await searchTextTool.execute({ pattern: String.raw`^def \w+\(\):$` }, context());
    expect(result.output).toBe("app.py:3: def main():");
    const ignoringCase = await searchTextTool.execute({ pattern: "todo", path: "lib", ignore_case: true, glob: "*.py" }, context());
    expect(ignoringCase.output).toBe("lib/util.py:1: # todo later\nlib/util.py:2: VALUE = 42  # TODO(x)");
  });

  test("literal text is not a regex", async () => {
    const result = await searchTextTool.execute({ pattern: "TODO(x)", literal: true }, context());
    expect(result.output).toBe("lib/util.py:2: VALUE = 42  # TODO(x)");
  });

  test("an invalid pattern is an error telling the model about literal", async () => {
    const error = await searchTextTool.execute({ pattern: "TODO(" }, context()).catch((e) => e);
    expect(error).toBeInstanceOf(ToolInputError);
    expect(error.message).toContain("literal");
  });

  test("searches one file when the path is a file", async () => {
    const result = await searchTextTool.execute({ pattern: "import", path: "app.py" }, context());
    expect(result.output).toBe("app.py:1: import os");
  });

  test("caps the results with a note", async () => {
    const result = await searchTextTool.execute({ pattern: "^hit" }, context());
    expect(result.output.split("\n").filter((line) => line.startsWith("many.txt:")).length).toBe(MAX_SEARCH_MATCHES);
    expect(result.output).toContain("[5 more matching lines not shown");
  });

  test("no match says so; outside paths are refused", async () => {
    expect((await searchTextTool.execute({ pattern: "zzz-nothing" }, context())).output).toContain("No matches");
    await expect(searchTextTool.execute({ pattern: "x", path: "/etc" }, context())).rejects.toThrow("outside the workspace");
  });

  test("kind and title", () => {
    expect(searchTextTool.kind).toBe("search");
    expect(searchTextTool.title({ pattern: "TODO", path: join(dir, "lib") }, dir)).toBe('Search "TODO" in lib');
  });
});
