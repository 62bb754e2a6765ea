/** Parsers for ruff's output: `ruff check --output-format json` and `ruff format` summaries (pure). */
import { lazySchema } from "../../zod-loader.ts";
import { type Diagnostic, shownFile } from "./diagnostics.ts";

/** ruff's JSON array; extra fields of an entry (fix, url, cell…) are ignored. */
// Built on first use: zod objects cost start-up time and most runs never parse this (the tool
// call that runs ruff loaded zod: agent/run-tool.ts).
const ruffJsonEntries = lazySchema((z) =>
  z.array(
    z.object({
      code: z.string().nullable(),
      filename: z.string(),
      location: z.object({ row: z.number(), column: z.number() }),
      message: z.string(),
    }),
  ),
);

export function parseRuffJson(text: string, cwd: string): Diagnostic[] {
  const entries = ruffJsonEntries().parse(JSON.parse(text));
  return entries.map((entry) => ({
    file: shownFile(entry.filename, cwd),
    line: entry.location.row,
    col: entry.location.column,
    // ruff reports a file it cannot parse with no rule code.
    code: entry.code ?? "syntax-error",
    message: entry.message,
    severity: entry.code === null || entry.code === "invalid-syntax" ? "error" : "warning",
  }));
}

export type RuffFormatSummary = {
  /** Files changed (or, with --check, that would be). */
  reformatted: number;
  unchanged: number;
  /** Named only by --check ("Would reformat: PATH"). */
  files: string[];
  /** "error: …" lines: files ruff could not format. */
  errors: string[];
};

export function parseRuffFormat(text: string): RuffFormatSummary {
  const summary: RuffFormatSummary = { reformatted: 0, unchanged: 0, files: [], errors: [] };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("Would reformat: ")) summary.files.push(line.slice("Would reformat: ".length));
    else if (line.startsWith("error:")) summary.errors.push(line);
    else {
      for (const part of line.split(",")) {
        const match = /^(\d+) files? (would be reformatted|reformatted|already formatted|left unchanged)$/.exec(part.trim());
        if (!match) continue;
        const count = Number(match[1]);
        if (match[2] === "would be reformatted" || match[2] === "reformatted") summary.reformatted = count;
        else summary.unchanged = count;
      }
    }
  }
  return summary;
}
