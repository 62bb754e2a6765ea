/** typecheck: the project's type checker (the first found of ty, pyright, mypy), structured. */
import { lazySchema } from "../../zod-loader.ts";
import { defineTool } from "../types.ts";
import { type Diagnostic, formatDiagnostics } from "./diagnostics.ts";
import type { TypeCheckerName } from "./discover.ts";
import { commandTitle, type PythonToolOptions, programFailure, runWithPermission, targetPaths } from "./exec.ts";
import { parseMypyText, parsePyrightJson, parseTyConcise } from "./parse-typecheck.ts";

type Checker = {
  argv(program: string, targets: string[]): string[];
  parse(stdout: string, cwd: string): Diagnostic[];
  /** Exit codes that mean "ran and reported" (problems or not). */
  okExitCodes: number[];
};

const CHECKERS: Record<TypeCheckerName, Checker> = {
  ty: {
    argv: (program, targets) => [program, "check", "--output-format", "concise", ...targets],
    parse: parseTyConcise,
    okExitCodes: [0, 1],
  },
  pyright: {
    argv: (program, targets) => [program, "--outputjson", ...targets],
    parse: (stdout, cwd) => parsePyrightJson(stdout, cwd),
    okExitCodes: [0, 1],
  },
  mypy: {
    // mypy 1.0 has no JSON output: columns and codes make its text lines complete.
    argv: (program, targets) => [
      program,
      "--show-column-numbers",
      "--show-error-codes",
      "--no-color-output",
      "--no-error-summary",
      ...(targets.length === 0 ? ["."] : targets),
    ],
    parse: parseMypyText,
    okExitCodes: [0, 1],
  },
};

// Built on first call; the model sees its JSON Schema computed at build time (../python-schemas.ts).
const parameters = lazySchema((z) =>
  z.object({
    paths: z.array(z.string()).optional().describe("Files or folders to check, relative to the workspace folder. Default: the whole project."),
  }),
);

export function createTypecheckTool(checker: TypeCheckerName, program: string, options: PythonToolOptions) {
  const spec = CHECKERS[checker];
  return defineTool({
    name: "typecheck",
    description: `Type-check Python code with ${checker} (the project's type checker). Returns each problem as file:line:col: severity[code] message.`,
    get parameters() {
      return parameters();
    },
    kind: "execute",
    title: (args, cwd) => commandTitle([checker, ...(checker === "ty" ? ["check"] : [])], args.paths, cwd),
    async execute(args, context) {
      const targets = await targetPaths(context, args.paths, []);
      const argv = spec.argv(program, targets);
      const run = await runWithPermission(context, "typecheck", argv, options);
      if (run.exitCode === null || !spec.okExitCodes.includes(run.exitCode)) return programFailure(argv, run);
      let diagnostics: Diagnostic[];
      try {
        diagnostics = spec.parse(run.stdout, context.workspace.cwd);
      } catch {
        return programFailure(argv, run); // e.g. pyright printed no JSON
      }
      return { output: formatDiagnostics(checker, diagnostics), rawOutput: { checker, diagnostics, exitCode: run.exitCode } };
    },
  });
}
