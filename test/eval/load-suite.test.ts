import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { openSuite } from "../../src/eval/builtin.ts";
import { loadSuiteFile } from "../../src/eval/load-suite.ts";
import { BUILTIN_SUITE_FILES } from "../../src/eval/suites/files.ts";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "punie-suite-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function errorOf(name: string, text: string): Promise<string> {
  await Bun.write(join(dir, name), text);
  try {
    await loadSuiteFile(join(dir, name));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the suite loaded");
}

describe("invalid suites: one line naming the file, the prompt and the key", () => {
  test.each([
    ["s.yaml", "name: s\nprompts:\n  - id: fix\n    prompt: hi\n    expect: {tools: [{args: {path: a}}]}\n", /s\.yaml: prompt "fix": expect\.tools\[0\]\.name: /],
    ["s.yaml", "name: s\nprompts:\n  - id: fix\n    prompt: hi\n    expect: {keywrods: [a]}\n", /prompt "fix": expect: unknown key "keywrods"/],
    ["s.json", '{"name": "s", "prompts": [{"id": "a", "prompt": "x", "expect": {"check": "true"}}, {"prompt": "y", "expect": {}}]}', /s\.json: prompt #2: id: /],
    ["s.yaml", "name: s\nprompts:\n  - id: a\n    prompt: x\n    expect: {}\n", /prompt "a": expect: needs at least one of tools, keywords or check/],
    ["s.yaml", "name: s\nprompts:\n  - id: a\n    prompt: x\n    expect: {tools: [{name: t, args: {p: {regex: '('}}}]}\n", /prompt "a": expect\.tools\[0\]\.args\.p: is not a valid regular expression/],
    ["s.yaml", "name: s\nprompts:\n  - id: a\n    prompt: x\n    workspace: nowhere\n    expect: {check: 'true'}\n", /prompt "a": workspace: nowhere is not a folder/],
    ["s.yaml", "name: s\nprompts:\n  - {id: a, prompt: x, expect: {check: 'true'}}\n  - {id: a, prompt: y, expect: {check: 'true'}}\n", /prompt "a": id: "a" is used twice/],
    ["s.json", "{nope", /s\.json: not valid JSON/],
    ["s.yaml", "name: s\nweights: {tools: -1}\nprompts: []\n", /s\.yaml: weights\.tools: /],
  ])("%s %#", async (name, text, message) => {
    const error = await errorOf(name, text);
    expect(error).toMatch(message);
    expect(error).not.toContain("\n");
  });
});

test("a valid suite resolves workspaces against its own folder, with equal weights by default", async () => {
  await mkdir(join(dir, "fixtures", "calc"), { recursive: true });
  await Bun.write(join(dir, "s.yaml"), "name: s\nprompts:\n  - id: a\n    prompt: x\n    workspace: fixtures/calc\n    expect: {check: 'true'}\n");
  const suite = await loadSuiteFile(join(dir, "s.yaml"));
  expect(suite.weights).toEqual({ tools: 1, keywords: 1, check: 1 });
  expect(suite.prompts[0]?.workspace).toBe(join(dir, "fixtures", "calc"));
  expect(suite.prompts[0]?.category).toBe("general");
});

test("the built-in suites are valid, and ship every file under src/eval/suites/", async () => {
  const root = join(import.meta.dir, "..", "..", "src", "eval", "suites");
  for (const name of ["tools", "baseline"]) {
    const opened = await openSuite(name);
    expect(opened.suite.prompts.length).toBeGreaterThanOrEqual(name === "tools" ? 8 : 7);
    await opened.dispose();
    const onDisk = (await readdir(join(root, name), { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && !entry.parentPath.includes("__pycache__"))
      .map((entry) => relative(join(root, name), join(entry.parentPath, entry.name)))
      .sort();
    expect(Object.keys(BUILTIN_SUITE_FILES[name] ?? {}).sort()).toEqual(onDisk);
  }
});
