/** pytest_run: runs the project's tests and returns counts and failing test ids, not raw text. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { displayPath } from "../paths.ts";
import { lazySchema } from "../../zod-loader.ts";
import { defineTool } from "../types.ts";
import { type PythonToolOptions, programFailure, runWithPermission } from "./exec.ts";
import { type PytestReport, parseJunitXml, parsePytestText, summarizeCounts } from "./parse-pytest.ts";

/** Traceback lines shown per failure; the model can rerun one test for the rest. */
const DETAIL_LINES = 25;
/** Failures detailed in the output; the rest are listed by id only. */
const DETAILED_FAILURES = 10;

// Built on first call; the model sees its JSON Schema computed at build time (../python-schemas.ts).
const parameters = lazySchema((z) =>
  z.object({
    tests: z
      .array(z.string())
      .optional()
      .describe('Test files, folders or node ids, e.g. "tests/test_calc.py::test_add". Default: the whole suite.'),
    keyword: z.string().optional().describe('Only tests matching this pytest -k expression, e.g. "add and not slow".'),
    max_failures: z.number().int().min(1).optional().describe("Stop after this many failures (pytest --maxfail)."),
  }),
);

export function createPytestRunTool(pytest: string, options: PythonToolOptions) {
  return defineTool({
    name: "pytest_run",
    description:
      "Run the project's tests with pytest. Returns passed/failed/error/skipped counts and, for each failing test, its id, the reason and the traceback.",
    get parameters() {
      return parameters();
    },
    kind: "execute",
    title: (args, cwd) =>
      ["pytest", ...(args.keyword ? ["-k", JSON.stringify(args.keyword)] : []), ...(args.tests ?? []).map((t) => shownTest(t, cwd))].join(" "),
    async execute(args, context) {
      const { workspace } = context;
      const tests = await Promise.all(
        (args.tests ?? []).map(async (test) => {
          // A node id is a path plus "::name": only the path part touches the file system.
          const [path, ...rest] = test.split("::");
          const inside = displayPath(await workspace.resolvePath(path ?? "."), workspace.cwd);
          return [inside, ...rest].join("::");
        }),
      );
      const reportDir = await mkdtemp(join(tmpdir(), "punie-pytest-"));
      const junit = join(reportDir, "report.xml");
      const argv = [
        pytest,
        "-q",
        "-rfE",
        "--color=no",
        `--junitxml=${junit}`,
        "-o",
        "junit_family=xunit1",
        ...(args.keyword ? ["-k", args.keyword] : []),
        ...(args.max_failures ? ["--maxfail", String(args.max_failures)] : []),
        ...tests,
      ];
      try {
        const run = await runWithPermission(context, "pytest_run", argv, options);
        // 0 passed, 1 failures, 2 interrupted (collection errors), 5 nothing collected; 3 and 4
        // are pytest itself failing (internal error, bad usage).
        if (run.exitCode === null || ![0, 1, 2, 5].includes(run.exitCode)) return programFailure(argv.filter((a) => a !== `--junitxml=${junit}`), run);
        const xml = await readFile(junit, "utf8").catch(() => "");
        const report = xml.trim() ? parseJunitXml(xml) : parsePytestText(run.stdout);
        return {
          output: formatReport(report, run.exitCode, run.stdout),
          rawOutput: {
            passed: report.passed,
            failed: report.failed,
            errors: report.errors,
            skipped: report.skipped,
            failures: report.failures.map(({ id, kind, message }) => ({ id, kind, message })),
            exitCode: run.exitCode,
          },
        };
      } finally {
        await rm(reportDir, { recursive: true, force: true });
      }
    },
  });
}

function shownTest(test: string, cwd: string): string {
  const [path, ...rest] = test.split("::");
  return [displayPath(path ?? ".", cwd), ...rest].join("::");
}

export function formatReport(report: PytestReport, exitCode: number, stdout: string): string {
  const lines = [`pytest: ${summarizeCounts(report)}.`];
  if (exitCode === 5) lines[0] = "pytest: no tests were collected (check the paths, or the -k expression).";
  report.failures.forEach((failure, index) => {
    const label = failure.kind === "failed" ? "FAILED" : "ERROR";
    lines.push("", `${label} ${failure.id}${failure.message ? ` - ${failure.message}` : ""}`);
    if (index < DETAILED_FAILURES && failure.details) {
      const detail = failure.details.split("\n");
      const shown = detail.length > DETAIL_LINES ? ["…", ...detail.slice(-DETAIL_LINES)] : detail;
      lines.push(...shown.map((line) => `    ${line}`));
    }
  });
  // Interrupted runs without a report still say why on the terminal.
  if (exitCode === 2 && report.failures.length === 0) lines.push("", stdout.trim().split("\n").slice(-15).join("\n"));
  return lines.join("\n");
}
