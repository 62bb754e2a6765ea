/**
 * Disk reads take syscalls for files of ordinary size on Linux (local-read.ts) and the event loop
 * otherwise: both must give the same text and the same refusals, whatever the file.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readTextFromDisk, readTextFromDiskAsync } from "../../src/workspace/local-read.ts";
import { tempDir } from "../helpers/temp.ts";

const MAX = 4096;

async function outcome(read: Promise<string>): Promise<{ text: string } | { error: string; message: string }> {
  try {
    return { text: await read };
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

describe("reading a file from disk: syscalls and the event loop agree", () => {
  test("text, ranges, empty, UTF-8, binary, too large, folders, FIFOs, missing files and links leading outside", async () => {
    const base = realpathSync(tempDir("punie-read-paths-"));
    const root = join(base, "project");
    const outside = join(base, "outside");
    mkdirSync(join(root, "folder"), { recursive: true });
    mkdirSync(outside);
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1} — é ✓`).join("\n");
    writeFileSync(join(root, "text.py"), lines);
    writeFileSync(join(root, "trailing.txt"), "a\nb\n");
    writeFileSync(join(root, "empty.txt"), "");
    writeFileSync(join(root, "binary.bin"), Buffer.from([0x41, 0x00, 0x42]));
    writeFileSync(join(root, "exact.txt"), "x".repeat(MAX));
    writeFileSync(join(root, "big.txt"), `${"y".repeat(100)}\n`.repeat(60));
    writeFileSync(join(outside, "secret.txt"), "secret");
    symlinkSync(join(outside, "secret.txt"), join(root, "link.txt"));
    const fifo = join(root, "pipe");
    const made = Bun.spawnSync(["mkfifo", fifo]);

    const cases: [string, { line?: number; limit?: number } | undefined][] = [
      ["text.py", undefined],
      ["text.py", { line: 5 }],
      ["text.py", { line: 5, limit: 3 }],
      ["text.py", { limit: 1 }],
      ["text.py", { line: 41 }],
      ["text.py", { line: 500, limit: 2 }],
      ["trailing.txt", { line: 2 }],
      ["empty.txt", undefined],
      ["binary.bin", undefined],
      ["exact.txt", undefined],
      ["big.txt", undefined],
      ["big.txt", { line: 3, limit: 2 }],
      ["folder", undefined],
      ["missing.py", undefined],
      // A path resolved inside that leads outside once opened (a swapped link): refused.
      ["link.txt", undefined],
      ...(made.exitCode === 0 ? [["pipe", undefined] as [string, undefined]] : []),
    ];
    for (const [name, range] of cases) {
      const path = join(root, name);
      const quick = await outcome(readTextFromDisk(path, name, range, MAX, [root]));
      const slow = await outcome(readTextFromDiskAsync(path, name, range, MAX, [root]));
      expect({ name, range, ...quick }).toEqual({ name, range, ...slow });
    }
    // Bytes that decode in more than one way: the text read in one call is the text of the bytes.
    const tricky: [string, Buffer][] = [
      ["bom.txt", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("with a BOM\n")])],
      ["invalid.txt", Buffer.from([0x61, 0xff, 0x62, 0xc3, 0x28, 0xe2, 0x82, 0x0a, 0xed, 0xa0, 0x80, 0xc0, 0xaf, 0xf0, 0x9f, 0x98])],
      ["astral.txt", Buffer.from("😀 ok 😀\n".repeat(20))],
      // Few characters but many bytes: near the cap they are counted as bytes.
      ["wide.txt", Buffer.from("語".repeat(1300))],
      ["too-wide.txt", Buffer.from("語".repeat(1400))],
      // A NUL past the first 8 KB of bytes but within the first 8 K characters: not binary.
      ["late-nul.txt", Buffer.from(`${"é".repeat(5000)}\0`)],
    ];
    for (const [name, bytes] of tricky) writeFileSync(join(root, name), bytes);
    for (const [name] of tricky) {
      const path = join(root, name);
      const quick = await outcome(readTextFromDisk(path, name, undefined, MAX, [root]));
      const slow = await outcome(readTextFromDiskAsync(path, name, undefined, MAX, [root]));
      expect({ name, ...quick }).toEqual({ name, ...slow });
    }
    expect(await readTextFromDisk(join(root, "bom.txt"), "bom.txt", undefined, MAX, [root])).toBe("\ufeffwith a BOM\n");
    expect(await readTextFromDisk(join(root, "wide.txt"), "wide.txt", undefined, MAX, [root])).toBe("語".repeat(1300));
    expect(await outcome(readTextFromDisk(join(root, "too-wide.txt"), "too-wide.txt", undefined, MAX, [root]))).toMatchObject({ error: "FileTooLargeError" });
    const late = Buffer.concat([Buffer.from("x".repeat(8192)), Buffer.from([0])]);
    writeFileSync(join(root, "late.txt"), late);
    expect(await readTextFromDisk(join(root, "late.txt"), "late.txt", undefined, 64 * 1024, [root])).toBe(late.toString("utf8"));
    expect(await readTextFromDisk(join(root, "late-nul.txt"), "late-nul.txt", undefined, 64 * 1024, [root])).toBe(`${"é".repeat(5000)}\0`);
    // And the answers are the expected ones, not merely equal.
    expect(await readTextFromDisk(join(root, "text.py"), "text.py", { line: 5, limit: 3 }, MAX, [root])).toBe(lines.split("\n").slice(4, 7).join("\n"));
    expect(await outcome(readTextFromDisk(join(root, "binary.bin"), "binary.bin", undefined, MAX, [root]))).toMatchObject({ error: "BinaryFileError" });
    expect(await outcome(readTextFromDisk(join(root, "big.txt"), "big.txt", undefined, MAX, [root]))).toMatchObject({ error: "FileTooLargeError" });
    expect(await outcome(readTextFromDisk(join(root, "link.txt"), "link.txt", undefined, MAX, [root]))).toMatchObject({ error: "WorkspaceBoundaryError" });
    expect(await outcome(readTextFromDisk(join(root, "missing.py"), "missing.py", undefined, MAX, [root]))).toMatchObject({ error: "FileNotFoundError" });
    expect(await outcome(readTextFromDisk(join(root, "folder"), "folder", undefined, MAX, [root]))).toMatchObject({ error: "NotAFileError" });
  });
});
