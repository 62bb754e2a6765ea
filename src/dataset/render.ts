/** Human-readable summaries of command reports (the --json output is the report itself). */
import type { FilterReport } from "./filter.ts";
import type { MergeReport } from "./merge.ts";
import type { DatasetStats } from "./stats.ts";
import type { ValidationReport } from "./validate.ts";

const entries = (record: Record<string, number>) =>
  Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", ") || "none";

export function renderValidation(report: ValidationReport): string {
  const lines = report.files.map(
    (f) => `${f.path}: ${f.lines} lines, ${f.valid} valid, ${f.invalid} invalid${f.format ? ` (${f.format})` : ""}`,
  );
  lines.push(report.ok ? "OK: every line is a valid example" : `${report.problems} problems`);
  return lines.join("\n");
}

export function renderStats(stats: DatasetStats): string {
  const out: string[] = [];
  for (const s of stats.splits) {
    out.push(`${s.split} (${s.path})`);
    out.push(`  examples            ${s.examples}${s.brokenLines ? ` (+${s.brokenLines} broken lines)` : ""}`);
    out.push(`  formats             ${entries(s.formats)}`);
    out.push(`  messages/example    ${Object.entries(s.messagesPerExample).sort((a, b) => Number.parseInt(a[0]) - Number.parseInt(b[0])).map(([k, v]) => `${k}: ${v}`).join(", ") || "none"}`);
    out.push(`  roles               ${entries(s.roles)}`);
    out.push(`  tokens (estimated)  ~${s.estimatedTokens} (characters / 4)`);
    if (s.tokens !== undefined) out.push(`  tokens (tokenizer)  ${s.tokens} (${stats.tokenizer}; text only, no chat template)`);
    out.push(`  tool calls          ${entries(s.toolCalls)}`);
    out.push(`  exact duplicates    ${s.exactDuplicates}`);
  }
  return out.join("\n");
}

export function renderFilter(report: FilterReport): string {
  const removed = Object.entries(report.reasons).filter(([, n]) => n > 0);
  const lines = report.files.map((f) => `${f.input} → ${f.output}: kept ${f.kept}, removed ${f.removed}`);
  lines.push(`kept ${report.kept}, removed ${report.removed}${removed.length ? ` (${removed.map(([r, n]) => `${r} ${n}`).join(", ")})` : ""}`);
  if (report.pythonParser) lines.push(`python code parsed by python ${report.pythonParser}`);
  return lines.join("\n");
}

export function renderMerge(report: MergeReport): string {
  const lines = report.splits.map((s) => `${s.output}: ${s.written} examples, ${s.duplicates} duplicates dropped${s.broken ? `, ${s.broken} broken lines skipped` : ""}`);
  lines.push(`sources: ${report.sources.join(", ")}`);
  return lines.join("\n");
}
