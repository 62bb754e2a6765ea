import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmod, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileNotFoundError } from "../../src/errors.ts";
import { writeFileAtomic } from "../../src/workspace/atomic-write.ts";
import { BinaryFileError, FileTooLargeError, NotAFileError } from "../../src/workspace/local-errors.ts";
import { createLocalWorkspace, type LocalWorkspace } from "../../src/workspace/local-workspace.ts";

let dir: string;
let workspace: LocalWorkspace;
const writer = join(import.meta.dir, "local-atomic-writer.ts");

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "punie-files-")));
  workspace = createLocalWorkspace({ root: dir, askPermission: async () => ({ outcome: "cancelled" }), maxReadBytes: 1000 });
});
afterAll(async () => {
  await workspace.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = "";
  for await (const chunk of stream) {
    text += new TextDecoder().decode(chunk);
    if (text.includes("\n")) break;
  }
  return text.trim();
}

describe("atomic writes", () => {
  test("keep the existing file's mode", async () => {
    const path = join(dir, "script.sh");
    await writeFile(path, "echo old\n");
    await chmod(path, 0o751);
    await writeFileAtomic(path, "echo new\n");
    expect(await readFile(path, "utf8")).toBe("echo new\n");
    expect((await stat(path)).mode & 0o777).toBe(0o751);
  });

  test("a failing write after the temp file exists leaves the old file and no temp", async () => {
    const path = join(dir, "fail.txt");
    await writeFile(path, "old\n");
    const attempt = writeFileAtomic(path, "new\n", {
      beforeWrite: () => {
        throw new Error("disk full");
      },
    });
    await expect(attempt).rejects.toThrow("disk full");
    expect(await readFile(path, "utf8")).toBe("old\n");
    expect((await readdir(dir)).filter((name) => name.includes("fail.txt"))).toEqual(["fail.txt"]);
  });

  test("a process killed after creating the temp file leaves the old file intact", async () => {
    const path = join(dir, "killed.txt");
    await writeFile(path, "old content\n");
    const child = Bun.spawn(["bun", writer, "hang", path], { stdout: "pipe" });
    expect(await firstLine(child.stdout)).toBe("temp-created");
    child.kill("SIGKILL");
    await child.exited;
    expect(await readFile(path, "utf8")).toBe("old content\n");
  });

  test("a process killed while rewriting never leaves a half-written file", async () => {
    const path = join(dir, "loop.txt");
    await writeFile(path, "A".repeat(2 * 1024 * 1024));
    const child = Bun.spawn(["bun", writer, "loop", path], { stdout: "pipe" });
    expect(await firstLine(child.stdout)).toBe("writing");
    child.kill("SIGKILL");
    await child.exited;
    const content = await readFile(path, "utf8");
    expect(content.length).toBe(2 * 1024 * 1024);
    expect(content === "A".repeat(content.length) || content === "B".repeat(content.length)).toBe(true);
  });

  test("writeTextFile creates missing folders and replaces content", async () => {
    await workspace.writeTextFile(join(dir, "new", "deep", "a.py"), "x = 1\n");
    expect(await readFile(join(dir, "new", "deep", "a.py"), "utf8")).toBe("x = 1\n");
    await workspace.writeTextFile("new/deep/a.py", "x = 2\n");
    expect(await readFile(join(dir, "new", "deep", "a.py"), "utf8")).toBe("x = 2\n");
  });

  test("writing over a folder is refused with a clear error", async () => {
    await mkdir(join(dir, "afolder"), { recursive: true });
    await expect(workspace.writeTextFile(join(dir, "afolder"), "x")).rejects.toBeInstanceOf(NotAFileError);
  });
});

describe("reads", () => {
  test("read a whole file and a range of lines", async () => {
    await writeFile(join(dir, "lines.txt"), "one\ntwo\nthree\nfour\n");
    expect(await workspace.readTextFile(join(dir, "lines.txt"))).toBe("one\ntwo\nthree\nfour\n");
    expect(await workspace.readTextFile(join(dir, "lines.txt"), { line: 2, limit: 2 })).toBe("two\nthree");
  });

  test("a missing file is FileNotFoundError naming the relative path", async () => {
    const error = await workspace.readTextFile(join(dir, "nope", "x.py")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileNotFoundError);
    expect((error as Error).message).toContain("nope/x.py");
  });

  test("a binary file is refused with a note", async () => {
    await writeFile(join(dir, "image.png"), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
    const error = await workspace.readTextFile(join(dir, "image.png")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BinaryFileError);
    expect((error as Error).message).toContain("binary");
  });

  test("a folder is refused", async () => {
    await expect(workspace.readTextFile(dir)).rejects.toBeInstanceOf(NotAFileError);
  });

  test("a large file must be read in pages, and pages work without loading it whole", async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i + 1}`);
    await writeFile(join(dir, "big.log"), `${lines.join("\n")}\n`);
    const error = await workspace.readTextFile(join(dir, "big.log")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect((error as Error).message).toContain("line");
    expect(await workspace.readTextFile(join(dir, "big.log"), { line: 250, limit: 3 })).toBe("line 250\nline 251\nline 252");
    expect(await workspace.readTextFile(join(dir, "big.log"), { line: 499 })).toBe("line 499\nline 500\n");
    await expect(workspace.readTextFile(join(dir, "big.log"), { line: 1 })).rejects.toBeInstanceOf(FileTooLargeError);
  });

  test("listDirectory lists names with their types", async () => {
    await mkdir(join(dir, "list", "child"), { recursive: true });
    await writeFile(join(dir, "list", "b.txt"), "");
    expect(await workspace.listDirectory(join(dir, "list"))).toEqual([
      { name: "b.txt", type: "file" },
      { name: "child", type: "dir" },
    ]);
  });
});
