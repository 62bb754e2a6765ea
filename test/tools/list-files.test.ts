import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { allowAllGate } from "../../src/permissions/gate.ts";
import { listFilesTool, MAX_LISTED_FILES } from "../../src/tools/list-files.ts";
import type { ToolContext } from "../../src/tools/types.ts";
import { createLocalWorkspace, type LocalWorkspace } from "../../src/workspace/local-workspace.ts";

let dir: string;
let workspace: LocalWorkspace;

const context = (ws = workspace as Parameters<typeof listFilesTool.execute>[1]["workspace"]): ToolContext => ({
  workspace: ws,
  permissions: allowAllGate,
  toolCallId: "c",
  signal: new AbortController().signal,
  progress: () => {},
});

async function put(files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "punie-list-")));
  await put({
    ".gitignore": "*.log\nbuild/\n.venv/\n",
    "app.py": "",
    "debug.log": "",
    "build/out.py": "",
    ".venv/lib/site.py": "",
    ".git/HEAD": "ref: refs/heads/main\n",
    "src/main.py": "",
    "src/util.ts": "",
    "src/.gitignore": "generated/\n!keep.log\n",
    "src/keep.log": "",
    "src/other.log": "",
    "src/generated/gen.py": "",
    "src/deep/x.py": "",
    "many/.gitkeep": "",
  });
  for (let i = 0; i < MAX_LISTED_FILES + 20; i++) await writeFile(join(dir, "many", `f${String(i).padStart(4, "0")}.txt`), "");
  await symlink("/etc", join(dir, "etc-link"));
  workspace = createLocalWorkspace({ root: dir, askPermission: async () => ({ outcome: "cancelled" }) });
});
afterAll(async () => {
  await workspace.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe("list_files", () => {
  test("honours .gitignore files, nested ones and negations, and skips .git", async () => {
    const result = await listFilesTool.execute({ path: "src" }, context());
    expect(result.output.split("\n")).toEqual(["src/.gitignore", "src/deep/x.py", "src/keep.log", "src/main.py", "src/util.ts"]);
    const all = await listFilesTool.execute({ glob: "*.py" }, context());
    expect(all.output.split("\n")).toEqual(["app.py", "src/deep/x.py", "src/main.py"]);
  });

  test("a glob with a slash matches paths below the folder", async () => {
    const result = await listFilesTool.execute({ glob: "src/**/*.py" }, context());
    expect(result.output.split("\n")).toEqual(["src/deep/x.py", "src/main.py"]);
  });

  test("rules of an outer .gitignore apply when listing a sub folder", async () => {
    const result = await listFilesTool.execute({ path: "src", glob: "*.log" }, context());
    expect(result.output).toBe("src/keep.log");
  });

  test("symlinks are listed but not followed", async () => {
    const result = await listFilesTool.execute({ glob: "etc*" }, context());
    expect(result.output).toBe("etc-link");
  });

  test("long listings are capped with a note", async () => {
    const result = await listFilesTool.execute({ path: "many" }, context());
    const lines = result.output.split("\n");
    expect(lines.slice(0, MAX_LISTED_FILES).every((line) => line.startsWith("many/"))).toBe(true);
    expect(result.output).toContain("[21 more files not shown");
  });

  test("a missing folder, a file and an outside path are errors the model can act on", async () => {
    await expect(listFilesTool.execute({ path: "nope" }, context())).rejects.toThrow("does not exist");
    await expect(listFilesTool.execute({ path: "app.py" }, context())).rejects.toThrow("read_file");
    await expect(listFilesTool.execute({ path: "../" }, context())).rejects.toThrow("outside the workspace");
  });

  test("nothing found says so", async () => {
    const result = await listFilesTool.execute({ glob: "*.rs" }, context());
    expect(result.output).toContain("No files matching *.rs");
  });

  test("a workspace without directory listing gets a graceful note", async () => {
    const { listDirectory: _omit, ...withoutListing } = workspace;
    const result = await listFilesTool.execute({}, context(withoutListing));
    expect(result.isError).toBe(true);
    expect(result.output).toContain("git ls-files");
  });

  test("kind and title", () => {
    expect(listFilesTool.kind).toBe("search");
    expect(listFilesTool.title({ path: join(dir, "src"), glob: "*.py" }, dir)).toBe("List src (*.py)");
  });
});
