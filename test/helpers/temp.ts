/** Temp folders that a test file gets back empty: each one is removed after the test that made it. */
import { afterEach } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

/**
 * Removes the folders made so far. This module loads once per `bun test` run, so the hook below
 * belongs to the first test file that imports it: other files register this themselves.
 */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
afterEach(removeTempDirs);

/** A new temp folder, removed after the current test. */
export function tempDir(prefix = "punie-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
