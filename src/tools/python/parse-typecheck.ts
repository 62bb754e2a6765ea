/**
 * Parsers for the type checkers' output (pure): pyright `--outputjson`, mypy's text lines
 * (`file:line[:col]: severity: message  [code]`, the only format mypy 1.0 has) and ty's concise
 * lines (`file:line:col: severity[rule] message`; older ty put `severity[rule]` first).
 */
import { lazySchema } from "../../zod-loader.ts";
import { type Diagnostic, type DiagnosticSeverity, shownFile } from "./diagnostics.ts";

// Built on first use: zod objects cost start-up time and most runs never parse this (the tool
// call that runs pyright loaded zod: agent/run-tool.ts).
const pyrightJson = lazySchema((z) =>
  z.object({
    generalDiagnostics: z.array(
      z.object({
        file: z.string(),
        severity: z.string(),
        message: z.string(),
        range: z.object({ start: z.object({ line: z.number(), character: z.number() }) }).optional(),
        rule: z.string().optional(),
      }),
    ),
  }),
);

export function parsePyrightJson(text: string, cwd: string): Diagnostic[] {
  const report = pyrightJson().parse(JSON.parse(text));
  return report.generalDiagnostics.map((d) => ({
    file: shownFile(d.file, cwd),
    // pyright counts from 0.
    line: (d.range?.start.line ?? 0) + 1,
    col: d.range ? d.range.start.character + 1 : null,
    code: d.rule ?? null,
    message: d.message,
    severity: severity(d.severity),
  }));
}

const MYPY_LINE = /^(.+?):(\d+):(?:(\d+):)? (error|warning|note): (.*?)(?:\s{2}\[([\w-]+)\])?$/;

export function parseMypyText(text: string, cwd: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const line of text.split("\n")) {
    const match = MYPY_LINE.exec(line.trimEnd());
    if (!match) continue; // summary ("Found 2 errors…", "Success: …") and context lines
    diagnostics.push({
      file: shownFile(match[1]!, cwd),
      line: Number(match[2]),
      col: match[3] === undefined ? null : Number(match[3]),
      code: match[6] ?? null,
      message: match[5]!,
      severity: severity(match[4]!),
    });
  }
  return diagnostics;
}

const TY_LINE = /^(.+?):(\d+):(\d+): (error|warning|info)\[([\w-]+)\] (.*)$/;
const TY_OLD_LINE = /^(error|warning|info)\[([\w-]+)\] (.+?):(\d+):(\d+): (.*)$/;

export function parseTyConcise(text: string, cwd: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    const current = TY_LINE.exec(line);
    if (current) {
      diagnostics.push({
        file: shownFile(current[1]!, cwd),
        line: Number(current[2]),
        col: Number(current[3]),
        code: current[5]!,
        message: current[6]!,
        severity: severity(current[4]!),
      });
      continue;
    }
    const old = TY_OLD_LINE.exec(line);
    if (old) {
      diagnostics.push({
        file: shownFile(old[3]!, cwd),
        line: Number(old[4]),
        col: Number(old[5]),
        code: old[2]!,
        message: old[6]!,
        severity: severity(old[1]!),
      });
    }
  }
  return diagnostics;
}

function severity(word: string): DiagnosticSeverity {
  if (word === "error" || word === "fatal") return "error";
  if (word === "warning") return "warning";
  return "info"; // mypy "note", pyright "information", ty "info"
}
