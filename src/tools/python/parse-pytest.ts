/**
 * Parsers for pytest results (pure): the JUnit XML report (primary: `--junitxml` with
 * `-o junit_family=xunit1`, which carries each test's file) and, when there is no report (usage
 * errors, interrupted runs), the `-q -rfE` text summary.
 */
import { readXml } from "./xml-tags.ts";

export type PytestFailure = {
  /** pytest node id, e.g. "tests/test_calc.py::TestMore::test_fail". */
  id: string;
  kind: "failed" | "error";
  /** The one-line reason, e.g. "assert 4 == 2". */
  message: string;
  /** The traceback pytest printed for it (may be empty). */
  details: string;
};

export type PytestReport = {
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  failures: PytestFailure[];
};

export function parseJunitXml(xml: string): PytestReport {
  const report: PytestReport = { passed: 0, failed: 0, errors: 0, skipped: 0, failures: [] };
  let current: { id: string; outcomes: number } | null = null;
  let capture: PytestFailure | null = null;
  const finishCase = () => {
    if (current && current.outcomes === 0) report.passed++;
    current = null;
  };
  for (const event of readXml(xml)) {
    if (event.type === "open" && event.name === "testcase") {
      finishCase();
      current = { id: nodeId(event.attributes), outcomes: 0 };
      if (event.selfClosing) finishCase();
    } else if (event.type === "close" && event.name === "testcase") {
      finishCase();
    } else if (event.type === "open" && current && (event.name === "failure" || event.name === "error")) {
      const kind = event.name === "failure" ? "failed" : "error";
      current.outcomes++;
      if (kind === "failed") report.failed++;
      else report.errors++;
      capture = { id: current.id, kind, message: firstLine(event.attributes.message ?? ""), details: "" };
      report.failures.push(capture);
      if (event.selfClosing) capture = null;
    } else if (event.type === "open" && current && event.name === "skipped") {
      current.outcomes++;
      report.skipped++;
    } else if (event.type === "text" && capture) {
      capture.details += event.text;
    } else if (event.type === "close" && (event.name === "failure" || event.name === "error")) {
      capture = null;
    }
  }
  finishCase();
  for (const failure of report.failures) failure.details = failure.details.trim();
  return report;
}

/** Rebuilds the node id: file, then the classname parts below the module, then the name. */
function nodeId(attributes: Record<string, string>): string {
  const name = attributes.name ?? "";
  const classname = attributes.classname ?? "";
  const file = attributes.file;
  if (!file) return classname ? `${classname}::${name}` : name;
  // A collection error has no classname and the module as its name: the id is the file.
  if (classname === "") return file;
  const moduleDotted = file.replace(/\.py$/, "").replaceAll("/", ".");
  const inner = classname.startsWith(moduleDotted) ? classname.slice(moduleDotted.length).replace(/^\./, "") : "";
  return [file, ...(inner ? inner.split(".") : []), name].join("::");
}

function firstLine(text: string): string {
  return text.split("\n")[0]?.trim() ?? "";
}

const COUNT = /(\d+) (passed|failed|errors?|skipped|xfailed|xpassed)\b/g;

/** Counts and failing ids from pytest's terminal summary (`-rfE`). */
export function parsePytestText(text: string): PytestReport {
  const report: PytestReport = { passed: 0, failed: 0, errors: 0, skipped: 0, failures: [] };
  const lines = text.split("\n");
  for (const line of lines) {
    const match = /^(FAILED|ERROR) (\S+)(?: - (.*))?$/.exec(line.trim());
    if (match) report.failures.push({ id: match[2]!, kind: match[1] === "FAILED" ? "failed" : "error", message: match[3] ?? "", details: "" });
  }
  const summary = [...lines].reverse().find((line) => /\d+ (passed|failed|errors?|skipped|deselected|xfailed|xpassed)|no tests ran/.test(line)) ?? "";
  for (const match of summary.matchAll(COUNT)) {
    const count = Number(match[1]);
    const word = match[2]!;
    if (word === "passed" || word === "xpassed") report.passed += count;
    else if (word === "failed") report.failed += count;
    else if (word.startsWith("error")) report.errors += count;
    else report.skipped += count; // skipped and xfailed, as the JUnit report counts them
  }
  return report;
}

/** "2 failed, 2 passed, 1 skipped, 1 error", pytest's own order. */
export function summarizeCounts(report: PytestReport): string {
  const parts: string[] = [];
  if (report.failed) parts.push(`${report.failed} failed`);
  if (report.passed) parts.push(`${report.passed} passed`);
  if (report.skipped) parts.push(`${report.skipped} skipped`);
  if (report.errors) parts.push(`${report.errors} error${report.errors === 1 ? "" : "s"}`);
  return parts.length === 0 ? "no tests ran" : parts.join(", ");
}
