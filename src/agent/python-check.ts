/**
 * The ```python syntax check of final answers: every python block is parsed by a real Python
 * parser (the project's own interpreter's `ast`, in one subprocess per check), never by regexes.
 * A broken block becomes a repair request naming the block and the SyntaxError; without a Python
 * interpreter the check is off (and says so once through `debug`).
 */
import type { z } from "zod";
import { lazySchema, loadZod } from "../zod-loader.ts";
import { resolvePython } from "../python/resolve.ts";

export type PythonBlock = {
  /** 1-based position among the answer's python blocks. */
  index: number;
  code: string;
  /** 1-based line of the answer where the code starts (after the fence). */
  answerLine: number;
};

export type PythonSyntaxError = { block: PythonBlock; line: number | null; col: number | null; message: string; text: string | null };

export type PythonAnswerCheckOptions = {
  /** The interpreter; default: the resolver's (PUNIE_PYTHON, the project's .venv/bin/python, python3 on PATH). */
  python?: string;
  /** The project folder, to find its .venv. */
  cwd?: string;
  /** PUNIE_PYTHON and PATH for the resolver; default process.env. */
  env?: Record<string, string | undefined>;
  /** Receives one note when the check cannot run (no interpreter, crash, timeout). */
  debug?: (message: string) => void;
  timeoutMs?: number;
};

// Parses each source of a JSON list; only syntax is checked (compile-time rules such as `return`
// outside a function belong to the compiler, not the parser, so snippets stay valid).
const CHECK_SCRIPT = `
import ast, json, sys
out = []
for source in json.load(sys.stdin):
    try:
        ast.parse(source)
        out.append(None)
    except SyntaxError as e:
        out.append({"line": e.lineno, "col": e.offset, "message": e.msg, "text": (e.text or "").rstrip("\\n") or None})
    except (ValueError, MemoryError, RecursionError) as e:
        out.append({"line": None, "col": None, "message": str(e) or type(e).__name__, "text": None})
json.dump(out, sys.stdout)
`;

const OPEN_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$/;

/** The fenced code blocks tagged python (or py, python3) in a Markdown answer (pure). */
export function extractPythonBlocks(answer: string): PythonBlock[] {
  const lines = answer.split("\n");
  const blocks: PythonBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN_FENCE.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const language = open[2]!.toLowerCase().replace(/^\{\.?|\}$/g, "");
    let end = i + 1;
    while (end < lines.length && !isClosingFence(lines[end]!, fence)) end++;
    // Other languages' blocks are skipped whole, so a "```python" inside them is not a block.
    if (["python", "py", "python3"].includes(language)) {
      const code = lines.slice(i + 1, end).join("\n");
      if (!isConsoleSession(code)) blocks.push({ index: blocks.length + 1, code, answerLine: i + 2 });
    }
    i = end;
  }
  return blocks;
}

function isClosingFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  if (line.length - line.trimStart().length > 3) return false;
  return trimmed.length >= fence.length && [...trimmed].every((c) => c === fence[0]);
}

/** A `>>>` transcript shows a session, not a module: its prompts and output are not Python. */
function isConsoleSession(code: string): boolean {
  return code.trimStart().startsWith(">>>");
}

/** The repair request the model receives (pure). */
export function repairRequest(errors: readonly PythonSyntaxError[]): string {
  const described = errors.map((error) => {
    const first = error.block.code.split("\n").find((line) => line.trim() !== "")?.trim() ?? "";
    const where = error.line === null ? "" : ` at line ${error.line}${error.col ? `, column ${error.col}` : ""} of the block`;
    const source = error.text ? ` in \`${error.text.trim()}\`` : "";
    return `- python block ${error.block.index} (starting \`${first.slice(0, 60)}\`): ${error.message}${where}${source}`;
  });
  return [
    "Your answer contains Python code that does not parse:",
    ...described,
    "Fix the code and send your whole answer again.",
  ].join("\n");
}

/**
 * Builds the checker for the loop's `checkAnswer`.
 *
 * @example runTurn({ ..., checkAnswer: createPythonAnswerCheck({ cwd, debug: log.debug }) })
 */
export function createPythonAnswerCheck(options: PythonAnswerCheckOptions = {}): (answer: string) => Promise<string | null> {
  let python: Promise<string | null> | undefined;
  let warned = false;
  const note = (message: string) => {
    if (warned) return;
    warned = true;
    options.debug?.(message);
  };
  return async (answer) => {
    const blocks = extractPythonBlocks(answer);
    if (blocks.length === 0) return null;
    python ??= findPython(options);
    const interpreter = await python;
    if (!interpreter) {
      note("No python3 found: the syntax check of ```python blocks in answers is off.");
      return null;
    }
    const results = await parseWithPython(interpreter, blocks.map((block) => block.code), options.timeoutMs ?? 10_000).catch(
      (error: unknown) => {
        note(`The ${interpreter} syntax check could not run (${error instanceof Error ? error.message : String(error)}); skipping it.`);
        return null;
      },
    );
    if (!results) return null;
    const errors: PythonSyntaxError[] = [];
    results.forEach((result, i) => {
      if (result && blocks[i]) errors.push({ block: blocks[i], ...result });
    });
    return errors.length === 0 ? null : repairRequest(errors);
  };
}

async function findPython(options: PythonAnswerCheckOptions): Promise<string | null> {
  const chosen = await resolvePython({ python: options.python, folder: options.cwd ?? process.cwd(), env: options.env ?? process.env });
  return chosen?.path ?? null;
}

// Built on first use: zod objects cost start-up time and most runs never parse this.
const parseResults = lazySchema((z) =>
  z.array(z.object({ line: z.number().nullable(), col: z.number().nullable(), message: z.string(), text: z.string().nullable() }).nullable()),
);
type ParseResult = z.infer<ReturnType<typeof parseResults>>[number];

async function parseWithPython(python: string, sources: string[], timeoutMs: number): Promise<ParseResult[]> {
  // -I: isolated from the user's site packages, PYTHON* variables and startup files.
  const proc = Bun.spawn({
    cmd: [python, "-I", "-c", CHECK_SCRIPT],
    stdin: new Blob([JSON.stringify(sources)]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  try {
    const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    if (exitCode !== 0) throw new Error(stderr.trim().split("\n").pop() || `exit code ${exitCode}`);
    await loadZod();
    const parsed = parseResults().parse(JSON.parse(stdout));
    if (parsed.length !== sources.length) throw new Error("unexpected output");
    return parsed;
  } finally {
    clearTimeout(timer);
  }
}
