/**
 * The non-Linux branch of confined-fs.ts (what macOS runs) exercised here: the local file and
 * boundary tests again with PUNIE_PORTABLE_FS=1, in a child `bun test`.
 */
import { expect, test } from "bun:test";
import { join } from "node:path";

test("LocalWorkspace reads, writes and lists the same through the portable branch", async () => {
  const root = join(import.meta.dir, "..", "..");
  const files = ["test/workspace/local-files.test.ts", "test/workspace/local-boundary.test.ts", "test/tools/edit-file.test.ts"];
  const proc = Bun.spawn([process.execPath, "test", ...files], {
    cwd: root,
    env: { ...process.env, PUNIE_PORTABLE_FS: "1" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited, new Response(proc.stdout).text()]);
  expect({ code, failures: stderr.split("\n").filter((line) => line.startsWith("(fail)")) }).toEqual({ code: 0, failures: [] });
  expect(stderr).toMatch(/\b\d+ pass/);
}, 60_000);
