/**
 * Each prompt runs on its own copy: `RUN_DIR/<prompt>-<attempt>/work`, so a prompt cannot even
 * see its neighbours' copies one level up.
 */
import { cp, mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function createRunDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "punie-eval-"));
}

/** Copies `source` (or nothing) into a fresh folder and returns its real path. */
export async function copyWorkspace(runDir: string, name: string, source: string | null): Promise<string> {
  const home = join(runDir, name);
  const work = join(home, "work");
  if (source) await cp(source, work, { recursive: true, errorOnExist: false, force: true });
  else await mkdir(work, { recursive: true });
  return realpath(work);
}

export async function removeDir(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}
