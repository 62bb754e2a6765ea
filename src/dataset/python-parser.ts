/**
 * Parses Python with the machine's own python3 `ast` module — a real parser, no Python packages —
 * through ONE long-lived process spoken to in JSON lines, so a big dataset pays the interpreter
 * start once. Code that python3 cannot parse (Python 2 `print "x"`, broken code) is reported as
 * a syntax error; imports and dotted attribute uses come back for the removed-API table.
 */
import { DatasetError } from "./errors.ts";
import type { CodeFacts } from "./python-removed.ts";

const SCRIPT = String.raw`
import ast, json, sys
def analyse(code):
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError) as e:
        return {"error": "%s: %s (line %s)" % (type(e).__name__, getattr(e, "msg", str(e)), getattr(e, "lineno", "?"))}
    imports, aliases, attrs = set(), {}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                imports.add(a.name)
                if a.asname: aliases[a.asname] = a.name
                else: aliases[a.name.split(".")[0]] = a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imports.add(node.module)
            for a in node.names:
                imports.add(node.module + "." + a.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            attrs.add("." + node.attr)
            parts, value = [node.attr], node.value
            while isinstance(value, ast.Attribute):
                parts.append(value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in aliases:
                attrs.add(".".join([aliases[value.id]] + parts[::-1]))
    return {"imports": sorted(imports), "attrs": sorted(attrs)}
sys.stdout.write(json.dumps({"version": list(sys.version_info[:2])}) + "\n")
sys.stdout.flush()
for line in sys.stdin:
    request = json.loads(line)
    answer = analyse(request["code"])
    answer["id"] = request["id"]
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
`;

export type ParseResult = { ok: true; facts: CodeFacts } | { ok: false; error: string };

export type PythonParser = {
  /** The parser's own version, e.g. [3, 11]: syntax newer than it counts as a syntax error. */
  readonly version: readonly [number, number];
  parse(code: string): Promise<ParseResult>;
  close(): Promise<void>;
};

type Answer = { id: number; error?: string; imports?: string[]; attrs?: string[]; version?: [number, number] };

export async function startPythonParser(python = "python3"): Promise<PythonParser> {
  let child: ReturnType<typeof spawnPython>;
  try {
    child = spawnPython(python);
  } catch (error) {
    throw new DatasetError(`--min-python needs ${python} (its ast module parses the code), and it could not be started: ${error instanceof Error ? error.message : String(error)}`);
  }
  const pending = new Map<number, (a: Answer) => void>();
  let nextId = 0;
  let failure: Error | undefined;
  let resolveVersion: (v: [number, number]) => void = () => {};
  const versionReady = new Promise<[number, number]>((resolve) => (resolveVersion = resolve));

  const reader = (async () => {
    const decoder = new TextDecoder();
    let rest = "";
    for await (const chunk of child.stdout) {
      rest += decoder.decode(chunk, { stream: true });
      let nl = rest.indexOf("\n");
      while (nl !== -1) {
        const answer = JSON.parse(rest.slice(0, nl)) as Answer;
        rest = rest.slice(nl + 1);
        if (answer.version) resolveVersion(answer.version);
        else pending.get(answer.id)?.(answer), pending.delete(answer.id);
        nl = rest.indexOf("\n");
      }
    }
    failure = new DatasetError(`${python} stopped while parsing code (exit ${await child.exited})`);
    resolveVersion([0, 0]);
    for (const resolve of pending.values()) resolve({ id: -1, error: failure.message });
    pending.clear();
  })();

  const version = await versionReady;
  if (failure) throw new DatasetError(`--min-python needs ${python} with its ast module; it did not start (exit ${await child.exited})`);

  return {
    version,
    parse(code) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      const answer = new Promise<Answer>((resolve) => pending.set(id, resolve));
      child.stdin.write(`${JSON.stringify({ id, code })}\n`);
      child.stdin.flush();
      return answer.then((a): ParseResult => {
        if (failure && a.id === -1) throw failure;
        return a.error !== undefined ? { ok: false, error: a.error } : { ok: true, facts: { imports: a.imports ?? [], attrs: a.attrs ?? [] } };
      });
    },
    async close() {
      child.stdin.end();
      await child.exited;
      await reader;
    },
  };
}

function spawnPython(python: string) {
  return Bun.spawn([python, "-c", SCRIPT], { stdin: "pipe", stdout: "pipe", stderr: "ignore" });
}
