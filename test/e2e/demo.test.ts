import { expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.ts";

const root = join(import.meta.dir, "..", "..");

test("npm run demo: each diff shown once, the rm refused, and nothing left in ~/.punie or the temp folder", async () => {
  const home = tempDir();
  const tmp = tempDir();
  const env = { ...process.env, HOME: home, TMPDIR: tmp, PUNIE_HOME: undefined, NO_COLOR: "1" };
  const proc = Bun.spawn([process.execPath, join(root, "examples", "demo.ts")], { cwd: root, env, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  expect(stdout.match(/diff notes\.md \(new file\)/g)).toHaveLength(1);
  expect(stdout).toContain("+ - add() and divide() are covered by test_calculator.py\n? permission Write notes.md → Allow once");
  expect(stdout).toContain("? permission Run rm -rf build → Reject");
  expect(existsSync(join(home, ".punie"))).toBe(false);
  expect(readdirSync(tmp)).toEqual([]);
}, 60_000);
