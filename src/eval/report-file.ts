/** Writes an HTML report, creating its folder; a path that cannot be written is one line. */
import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { CliError, errorMessage } from "../errors.ts";
import { fsErrorLine } from "../fs-error.ts";
import type { RunSummary } from "./summary.ts";

export async function writeHtml(path: string, html: string): Promise<void> {
  const absolute = resolve(path);
  try {
    await mkdir(dirname(absolute), { recursive: true });
    await Bun.write(absolute, html);
  } catch (error) {
    throw new CliError(`Cannot write the report: ${fsErrorLine(error) ?? `${path}: ${errorMessage(error)}`}.`);
  }
}

/** Checked before a run: a report that cannot be written should not wait an hour to say so. */
export async function checkReportPath(path: string): Promise<void> {
  const absolute = resolve(path);
  try {
    await mkdir(dirname(absolute), { recursive: true });
  } catch (error) {
    throw new CliError(`Cannot write the report: ${fsErrorLine(error) ?? `${path}: ${errorMessage(error)}`}.`);
  }
  const info = await stat(absolute).catch(() => null);
  if (info?.isDirectory()) throw new CliError(`Cannot write the report: ${path}: is a directory.`);
}

export async function writeRunReport(path: string, summary: RunSummary): Promise<void> {
  const { renderRunReport } = await import("./report.tsx");
  await writeHtml(path, renderRunReport(summary));
}
