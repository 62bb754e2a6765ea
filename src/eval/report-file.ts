/** Writes an HTML report, creating its folder; a path that cannot be written is one line. */
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { CliError, errorMessage } from "../errors.ts";
import type { RunSummary } from "./summary.ts";

export async function writeHtml(path: string, html: string): Promise<void> {
  const absolute = resolve(path);
  try {
    await mkdir(dirname(absolute), { recursive: true });
    await Bun.write(absolute, html);
  } catch (error) {
    throw new CliError(`Cannot write the report ${path}: ${describeFsError(error)}.`);
  }
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR") return "a parent is not a directory";
  return errorMessage(error);
}

export async function writeRunReport(path: string, summary: RunSummary): Promise<void> {
  const { renderRunReport } = await import("./report.tsx");
  await writeHtml(path, renderRunReport(summary));
}
