/**
 * The one way every HTML report is written (eval runs, comparisons and grids, training runs and
 * grids, perf, a prompt's report): its folder is created, the file replaced atomically (a browser
 * never reads half a report), and a path that cannot be written is one line.
 */
import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { CliError, errorMessage } from "./errors.ts";
import { fsErrorLine } from "./fs-error.ts";
import { writeFileAtomic } from "./workspace/atomic-write.ts";

const cannotWrite = (path: string, error: unknown) => new CliError(`Cannot write the report: ${fsErrorLine(error) ?? `${path}: ${errorMessage(error)}`}.`);

/** Checked before long work (an eval run, a grid): a report that cannot be written should not wait an hour to say so. */
export async function checkReportPath(path: string): Promise<void> {
  const absolute = resolve(path);
  try {
    await mkdir(dirname(absolute), { recursive: true });
  } catch (error) {
    // A file where a folder should be: mkdir -p says EEXIST, whose "already exists" would mislead.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOTDIR") throw new CliError(`Cannot write the report: ${path}: a part of the path is not a directory.`);
    throw cannotWrite(path, error);
  }
  const info = await stat(absolute).catch(() => null);
  if (info?.isDirectory()) throw new CliError(`Cannot write the report: ${path}: is a directory.`);
}

export async function writeHtml(path: string, html: string): Promise<void> {
  await checkReportPath(path);
  try {
    await writeFileAtomic(resolve(path), html);
  } catch (error) {
    throw cannotWrite(path, error);
  }
}
