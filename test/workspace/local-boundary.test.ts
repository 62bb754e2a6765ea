import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WorkspaceBoundaryError } from "../../src/errors.ts";
import { resolveInside } from "../../src/workspace/boundary.ts";
import { createLocalWorkspace, type LocalWorkspace } from "../../src/workspace/local-workspace.ts";

let base: string;
let ws: string;
let outside: string;
let workspace: LocalWorkspace;

/** Every file under `dir` with its content: what "nothing outside touched" is checked against. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    result[full] = entry.isFile() ? await readFile(full, "utf8") : entry.isDirectory() ? "<dir>" : "<other>";
  }
  return result;
}

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "punie-boundary-")));
  ws = join(base, "ws");
  outside = join(base, "outside");
  await mkdir(join(ws, "sub"), { recursive: true });
  await mkdir(outside);
  await mkdir(join(base, "ws-evil"));
  await writeFile(join(outside, "secret.txt"), "secret\n");
  await writeFile(join(ws, "ok.txt"), "inside\n");
  await symlink(outside, join(ws, "out-link"));
  await symlink(join(outside, "secret.txt"), join(ws, "out-file-link"));
  await symlink(join(outside, "new-from-dangling.txt"), join(ws, "dangling"));
  await symlink("../outside/rel-dangling/x.txt", join(ws, "relative-dangling"));
  await symlink("../../outside", join(ws, "sub", "deep-link"));
  await symlink("loop-b", join(ws, "loop-a"));
  await symlink("loop-a", join(ws, "loop-b"));
  await symlink("sub", join(ws, "inside-link"));
  await symlink(join(ws, "sub", "later.txt"), join(ws, "inside-dangling"));
  workspace = createLocalWorkspace({ root: ws, askPermission: async () => ({ outcome: "cancelled" }) });
});

afterAll(async () => {
  await workspace.dispose();
  await rm(base, { recursive: true, force: true });
});

const escapes: [string, () => string][] = [
  ["parent traversal to an existing file", () => "../outside/secret.txt"],
  ["parent traversal to a new file", () => "../outside/new.txt"],
  ["traversal through a sub folder", () => "sub/../../outside/new.txt"],
  ["dot segments hiding traversal", () => "sub/./../../outside/new.txt"],
  ["leading ./ then traversal", () => "./../outside/new.txt"],
  ["the parent folder itself", () => ".."],
  ["the file system root", () => "/"],
  ["an absolute system file", () => "/etc/passwd"],
  ["an absolute path outside", () => join(base, "outside", "new.txt")],
  ["an absolute path through the workspace and out", () => `${ws}/../outside/new.txt`],
  ["a double-slash absolute path outside", () => `/${base}/outside/new.txt`],
  ["a sibling folder sharing the workspace's name prefix", () => "../ws-evil/x.txt"],
  ["an absolute sibling sharing the prefix", () => `${ws}-evil/x.txt`],
  ["a symlinked folder pointing out (existing file)", () => "out-link/secret.txt"],
  ["a new file under a symlinked folder pointing out", () => "out-link/new.txt"],
  ["a new nested file under a symlinked folder pointing out", () => "out-link/deeper/new.txt"],
  ["the symlinked folder itself", () => "out-link"],
  ["a symlinked file pointing out", () => "out-file-link"],
  ["a dangling symlink pointing out", () => "dangling"],
  ["a relative dangling symlink pointing out", () => "relative-dangling"],
  ["a symlink nested in a sub folder pointing out", () => "sub/deep-link/new.txt"],
  ["a symlink traversed back into itself", () => "out-link/../out-link/new.txt"],
  ["a symlink loop", () => "loop-a"],
  ["the home folder", () => "~"],
  ["a file in the home folder", () => "~/notes.txt"],
  ["another user's home", () => "~root/.bashrc"],
  ["a NUL byte", () => "ok.txt\0../../outside/x"],
  ["a NUL byte alone", () => "a\0b"],
  ["a name longer than 255 bytes", () => "x".repeat(300)],
  // Few characters, many bytes: lengths are counted in bytes of UTF-8, not in characters.
  ["a name of 86 three-byte characters (258 bytes)", () => "語".repeat(86)],
  ["a name of 128 two-byte characters (256 bytes)", () => "é".repeat(128)],
  ["a path of 4100 bytes in 2050 characters", () => "語/".repeat(1025)],
  ["a path longer than 4096 bytes", () => `${"a/".repeat(2100)}x.txt`],
  ["many parent segments", () => `${"../".repeat(50)}etc/passwd`],
];

describe("the workspace boundary refuses every escape", () => {
  test("at least 25 attempts are covered", () => {
    expect(escapes.length).toBeGreaterThanOrEqual(25);
  });

  test.each(escapes)("%s", async (_name, makePath) => {
    const path = makePath();
    const before = await snapshot(outside);
    await expect(workspace.resolvePath(path)).rejects.toBeInstanceOf(WorkspaceBoundaryError);
    await expect(workspace.writeTextFile(path, "pwned\n")).rejects.toBeInstanceOf(WorkspaceBoundaryError);
    await expect(workspace.readTextFile(path)).rejects.toBeInstanceOf(WorkspaceBoundaryError);
    await expect(workspace.createTerminal({ command: "true", args: [], cwd: path, outputByteLimit: 100 })).rejects.toBeInstanceOf(
      WorkspaceBoundaryError,
    );
    expect(await snapshot(outside)).toEqual(before);
    expect(await readdir(join(base, "ws-evil"))).toEqual([]);
  });

  test("the refusal tells the model what to do", async () => {
    const error = await workspace.resolvePath("../outside/new.txt").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkspaceBoundaryError);
    expect((error as Error).message).toContain("outside the workspace");
    expect((error as Error).message).toContain(ws);
    const viaLink = await workspace.resolvePath("out-link/new.txt").catch((e: Error) => e.message);
    expect(viaLink).toContain("symbolic link");
  });
});

describe("paths inside the workspace still work", () => {
  test.each([
    ["ok.txt", "ok.txt"],
    ["./sub/../ok.txt", "ok.txt"],
    ["sub/new/file.txt", "sub/new/file.txt"],
    ["inside-link/x.txt", "sub/x.txt"],
    ["inside-dangling", "sub/later.txt"],
    ["./~tilde.txt", "~tilde.txt"],
    [".", ""],
  ])("%s resolves to %s", async (path, expected) => {
    expect(await workspace.resolvePath(path)).toBe(expected === "" ? ws : join(ws, expected));
  });

  test("names and paths right at the byte limits are accepted, whatever their characters", async () => {
    for (const name of ["x".repeat(255), "é".repeat(127), "語".repeat(85)]) {
      expect(await workspace.resolvePath(name)).toBe(join(ws, name));
    }
    const deep = `${"語/".repeat(Math.floor((4096 - ws.length - 10) / 4))}x`;
    expect(Buffer.byteLength(join(ws, deep))).toBeLessThanOrEqual(4096);
    expect(await workspace.resolvePath(deep)).toBe(join(ws, deep));
  });

  test("absolute paths inside are accepted", async () => {
    expect(await workspace.resolvePath(join(ws, "ok.txt"))).toBe(join(ws, "ok.txt"));
  });

  test("additional roots are inside too, and only those", async () => {
    const extra = createLocalWorkspace({ root: ws, additionalRoots: [outside], askPermission: async () => ({ outcome: "cancelled" }) });
    expect(await extra.resolvePath("../outside/secret.txt")).toBe(join(outside, "secret.txt"));
    await expect(extra.resolvePath("../ws-evil/x")).rejects.toBeInstanceOf(WorkspaceBoundaryError);
  });

  test("resolveInside works with a cwd below the root", async () => {
    expect(await resolveInside([ws], join(ws, "sub"), "../ok.txt")).toBe(join(ws, "ok.txt"));
    await expect(resolveInside([ws], join(ws, "sub"), "../../outside")).rejects.toBeInstanceOf(WorkspaceBoundaryError);
  });
});
