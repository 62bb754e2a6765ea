/**
 * Temp folders (and other clean-ups) that never outlive their test: test/preload.ts (bunfig.toml)
 * runs `cleanUpAfterTest` after every test of every file. A hook registered here instead would
 * run for the first test file only: bun loads a shared module once per run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cleanups: (() => void | Promise<void>)[] = [];

/** Runs `cleanup` after the current test (latest first). */
export function onCleanup(cleanup: () => void | Promise<void>): void {
  cleanups.unshift(cleanup);
}

/** A new temp folder, removed after the current test. */
export function tempDir(prefix = "punie-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function cleanUpAfterTest(): Promise<void> {
  for (const cleanup of cleanups.splice(0)) await cleanup();
}
