/** The structured result every Python checker returns, and how the model reads it (pure). */
import { isAbsolute, relative } from "node:path";

export type DiagnosticSeverity = "error" | "warning" | "info";

export type Diagnostic = {
  /** Relative to the session cwd when inside it. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based; null when the tool did not say. */
  col: number | null;
  /** The rule, e.g. "F401", "assignment", "reportAssignmentType"; null when none. */
  code: string | null;
  message: string;
  severity: DiagnosticSeverity;
};

/** Diagnostics listed in a result at most; the counts always cover all of them. */
export const MAX_LISTED_DIAGNOSTICS = 200;

/** Paths as people see them: relative to cwd when inside it. */
export function shownFile(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel.startsWith("..") || isAbsolute(rel) ? file : rel;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<DiagnosticSeverity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const diagnostic of diagnostics) counts[diagnostic.severity]++;
  return counts;
}

/** One line per diagnostic, `file:line:col: severity[code] message`, capped with a note. */
export function formatDiagnostics(tool: string, diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return `${tool}: no problems found.`;
  const counts = countBySeverity(diagnostics);
  const files = new Set(diagnostics.map((d) => d.file)).size;
  const parts = [plural(counts.error, "error"), plural(counts.warning, "warning"), plural(counts.info, "note")].filter((p) => p !== "");
  const lines = diagnostics.slice(0, MAX_LISTED_DIAGNOSTICS).map(formatDiagnostic);
  const more = diagnostics.length - lines.length;
  const note = more > 0 ? `\n[${more} more not shown. Check fewer files at a time to see them.]` : "";
  return `${tool}: ${parts.join(", ")} in ${plural(files, "file")}.\n${lines.join("\n")}${note}`;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.col === null ? `${d.file}:${d.line}` : `${d.file}:${d.line}:${d.col}`;
  const code = d.code ? `[${d.code}]` : "";
  // Messages may span lines (pyright): keep one diagnostic per line for the model.
  return `${where}: ${d.severity}${code} ${d.message.replace(/\s*\n\s*/g, " ")}`;
}

function plural(count: number, word: string): string {
  if (count === 0) return "";
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
