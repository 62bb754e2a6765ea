/** An eval run's HTML report, written the one way reports are (report-file.ts). */
import { writeHtml } from "../report-file.ts";
import type { RunSummary } from "./summary.ts";

export async function writeRunReport(path: string, summary: RunSummary): Promise<void> {
  const { renderRunReport } = await import("./report.tsx");
  await writeHtml(path, renderRunReport(summary));
}
