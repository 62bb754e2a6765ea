/**
 * Where a dataset lives: a directory of train/valid/test.jsonl or one .jsonl file, and the safe
 * way to write one (a temp file beside the target, renamed when complete; never over an input;
 * never over an existing file without `force`).
 */
import { existsSync, realpathSync, statSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { DatasetError } from "./errors.ts";

export const SPLITS = ["train", "valid", "test"] as const;
export type SplitName = (typeof SPLITS)[number];

export type DatasetPart = { split: string; path: string };

export function isJsonlPath(path: string): boolean {
  return path.endsWith(".jsonl");
}

/** The files of a dataset: its existing split files, or the single .jsonl file itself. */
export function datasetParts(path: string): DatasetPart[] {
  if (!existsSync(path)) throw new DatasetError(`${path}: not found`);
  if (statSync(path).isDirectory()) {
    const parts = SPLITS.map((split) => ({ split, path: join(path, `${split}.jsonl`) })).filter((p) => existsSync(p.path));
    if (parts.length === 0) throw new DatasetError(`${path}: no train.jsonl, valid.jsonl or test.jsonl in this directory`);
    return parts;
  }
  return [{ split: basename(path, ".jsonl"), path }];
}

/** Output paths matching an input's shape: the same split files in `out`, or `out` itself. */
export function outputParts(inputIsDir: boolean, out: string, splits: readonly string[]): DatasetPart[] {
  if (inputIsDir) {
    if (isJsonlPath(out)) throw new DatasetError(`${out}: the input is a dataset directory, so the output must be a directory too`);
    return splits.map((split) => ({ split, path: join(out, `${split}.jsonl`) }));
  }
  if (!isJsonlPath(out)) throw new DatasetError(`${out}: the input is a .jsonl file, so the output must be a .jsonl file too`);
  return [{ split: basename(out, ".jsonl"), path: out }];
}

function canonical(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    // Not there yet: resolve the directory so a symlinked parent still compares equal.
    try {
      return join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

/** Refuses to write into an input or over an existing file unless forced. */
export function checkTargets(targets: readonly string[], inputs: readonly string[], force: boolean): void {
  const inputSet = new Set(inputs.map(canonical));
  for (const target of targets) {
    if (inputSet.has(canonical(target))) throw new DatasetError(`${target} is one of the inputs: choose another output`);
    if (existsSync(target) && !force) throw new DatasetError(`${target} exists: pass --force to overwrite it`);
  }
}

export type AtomicFile = {
  readonly path: string;
  write(text: string): void;
  /** Flushes and renames the temp file onto the target. */
  commit(): Promise<void>;
  /** Deletes the temp file; the target is untouched. */
  abort(): Promise<void>;
};

export async function openAtomic(target: string): Promise<AtomicFile> {
  await mkdir(dirname(resolve(target)), { recursive: true });
  const temp = join(dirname(resolve(target)), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  const sink = Bun.file(temp).writer({ highWaterMark: 1 << 20 });
  let closed = false;
  return {
    path: target,
    write: (text) => void sink.write(text),
    async commit() {
      closed = true;
      await sink.end();
      await rename(temp, target);
    },
    async abort() {
      if (!closed) {
        closed = true;
        await sink.end();
      }
      await rm(temp, { force: true });
    },
  };
}

/** Opens every target, runs `body`, then commits all or (on any error) aborts all. */
export async function withAtomicFiles<T>(targets: readonly string[], body: (files: AtomicFile[]) => Promise<T>): Promise<T> {
  const files: AtomicFile[] = [];
  try {
    for (const target of targets) files.push(await openAtomic(target));
    const result = await body(files);
    for (const file of files) await file.commit();
    return result;
  } catch (error) {
    await Promise.all(files.map((f) => f.abort()));
    throw error;
  }
}
