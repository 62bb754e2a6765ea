/** ruff_check and ruff_format: ruff's lint and formatter with structured results. */
import { lazySchema, type ZodApi } from "../../zod-loader.ts";
import { defineTool } from "../types.ts";
import { formatDiagnostics } from "./diagnostics.ts";
import { commandTitle, type PythonToolOptions, programFailure, runWithPermission, targetPaths } from "./exec.ts";
import { parseRuffFormat, parseRuffJson } from "./parse-ruff.ts";

const paths = (z: ZodApi) => z.array(z.string()).optional().describe("Files or folders to check, relative to the workspace folder. Default: the whole project.");

// Built on first call; the model sees their JSON Schemas computed at build time (../python-schemas.ts).
const checkParameters = lazySchema((z) =>
  z.object({
    paths: paths(z),
    fix: z.boolean().optional().describe("Apply ruff's safe fixes to the files, then report what is left. Default false."),
  }),
);
const formatParameters = lazySchema((z) =>
  z.object({
    paths: paths(z),
    check: z.boolean().optional().describe("Only report files that would be reformatted; change nothing. Default false."),
  }),
);

export function createRuffCheckTool(ruff: string, options: PythonToolOptions) {
  return defineTool({
    name: "ruff_check",
    description:
      "Lint Python code with ruff. Returns each problem as file:line:col: severity[code] message. Set fix to true to let ruff fix what it safely can.",
    get parameters() {
      return checkParameters();
    },
    kind: "execute",
    title: (args, cwd) => commandTitle(["ruff", "check", ...(args.fix ? ["--fix"] : [])], args.paths, cwd),
    async execute(args, context) {
      const targets = await targetPaths(context, args.paths, ["."]);
      const argv = [ruff, "check", "--output-format", "json", ...(args.fix ? ["--fix"] : []), ...targets];
      const run = await runWithPermission(context, "ruff_check", argv, options);
      // 0: clean, 1: problems found; anything else is ruff itself failing.
      if (run.exitCode !== 0 && run.exitCode !== 1) return programFailure(argv, run);
      const diagnostics = parseRuffJson(run.stdout.trim() || "[]", context.workspace.cwd);
      return { output: formatDiagnostics("ruff check", diagnostics), rawOutput: { diagnostics, exitCode: run.exitCode } };
    },
  });
}

export function createRuffFormatTool(ruff: string, options: PythonToolOptions) {
  return defineTool({
    name: "ruff_format",
    description:
      "Format Python files with ruff (changes the files). Set check to true to only report which files would change.",
    get parameters() {
      return formatParameters();
    },
    kind: "execute",
    title: (args, cwd) => commandTitle(["ruff", "format", ...(args.check ? ["--check"] : [])], args.paths, cwd),
    async execute(args, context) {
      const targets = await targetPaths(context, args.paths, ["."]);
      const argv = [ruff, "format", ...(args.check ? ["--check"] : []), ...targets];
      const run = await runWithPermission(context, "ruff_format", argv, options);
      const summary = parseRuffFormat(`${run.stdout}\n${run.stderr}`);
      // --check exits 1 when files would change; 2 (or 1 without --check) is a failure.
      const ok = run.exitCode === 0 || (args.check === true && run.exitCode === 1 && summary.errors.length === 0);
      if (!ok) return programFailure(argv, run);
      const output = args.check
        ? summary.reformatted === 0
          ? `ruff format: all ${summary.unchanged} files are already formatted.`
          : `ruff format: ${summary.reformatted} files would be reformatted, ${summary.unchanged} already formatted:\n${summary.files.join("\n")}`
        : `ruff format: ${summary.reformatted} files reformatted, ${summary.unchanged} left unchanged.`;
      return { output, rawOutput: { ...summary, exitCode: run.exitCode } };
    },
  });
}
