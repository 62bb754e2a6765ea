import { describe, expect, test } from "bun:test";
import { type ArgsDef, type CommandDef, defineCommand } from "citty";
import { readInvocation } from "../../src/cli/invocation.ts";
import { checkComplete, scanLevel } from "../../src/cli/strict.ts";
import { renderUsage } from "../../src/cli/usage.ts";
import { fsErrorLine } from "../../src/fs-error.ts";

const args = {
  prompt: { type: "positional", required: false, valueHint: "PROMPT..." },
  workspace: { type: "string", alias: "w" },
  model: { type: "string", alias: "m" },
  yes: { type: "boolean", alias: "y" },
} satisfies ArgsDef;

const problem = (tokens: string[], hasSubcommands = false) => {
  const scan = scanLevel(tokens, args, { command: "punie ask", hasSubcommands });
  return checkComplete(scan, args, "punie ask");
};

describe("scanLevel + checkComplete", () => {
  test.each([
    [["hello", "world"], null],
    [["-y", "-m", "test", "-w", "/p", "words"], null],
    [["--model=test", "--yes", "--", "--not-a-flag"], null],
    [["-mtest", "hi"], null],
    [["--no-yes", "hi"], null],
    [["-"], null],
    [["--yse", "hi"], "punie ask: unknown flag --yse (did you mean --yes?); see punie ask --help"],
    [["--cwd", "."], "punie ask: unknown flag --cwd (did you mean --workspace?); see punie ask --help"],
    [["--project=."], "punie ask: unknown flag --project (did you mean --workspace?); see punie ask --help"],
    [["--zzz"], "punie ask: unknown flag --zzz; see punie ask --help"],
    [["-x"], "punie ask: unknown flag -x; see punie ask --help"],
    [["-yx"], "punie ask: unknown flag -yx; see punie ask --help"],
    [["--model"], "punie ask: --model needs a value; see punie ask --help"],
    [["hi", "-m"], "punie ask: -m needs a value; see punie ask --help"],
  ] as [string[], string | null][])("%p", (tokens, expected) => {
    expect(problem(tokens)).toBe(expected);
  });

  test("-c, once --concurrency, names the short flag --concurrency has now; where there is no --concurrency it is just unknown", () => {
    const evalArgs = { concurrency: { type: "string", alias: "j" } } satisfies ArgsDef;
    expect(scanLevel(["-c", "4"], evalArgs, { command: "punie eval", hasSubcommands: false }).problem).toBe(
      "punie eval: unknown flag -c (for --concurrency use -j or --concurrency); see punie eval --help",
    );
    expect(problem(["-c", "4"])).toBe("punie ask: unknown flag -c; see punie ask --help");
  });

  test("the first plain word is the subcommand; what follows belongs to it", () => {
    const scan = scanLevel(["-m", "x", "dataset", "--whatever"], args, { command: "punie", hasSubcommands: true });
    expect(scan.subcommandAt).toBe(2);
    expect(scan.problem).toBeNull();
  });

  test("required flags and positionals, stray words", () => {
    const split = { file: { type: "positional" }, output: { type: "string", alias: "o", required: true } } satisfies ArgsDef;
    const check = (tokens: string[]) => checkComplete(scanLevel(tokens, split, { command: "punie dataset split", hasSubcommands: false }), split, "punie dataset split");
    expect(check(["a.jsonl", "-o", "out"])).toBeNull();
    expect(check(["-o", "out"])).toBe("punie dataset split: missing FILE; see punie dataset split --help");
    expect(check(["a.jsonl"])).toBe("punie dataset split: missing --output (-o); see punie dataset split --help");
    expect(check(["a.jsonl", "b.jsonl", "-o", "out"])).toBe('punie dataset split: unexpected argument "b.jsonl"; see punie dataset split --help');
  });
});

describe("renderUsage", () => {
  const input = { path: ["punie", "dataset", "split"], description: "Split.\nExample: punie dataset split a.jsonl -o out", args, subcommands: [] };
  test("plain without colour, the full program name, the example as written", () => {
    const text = renderUsage({ ...input, color: false });
    expect(text).not.toContain("\x1b[");
    expect(text).toContain("USAGE  punie dataset split [OPTIONS] [PROMPT...]");
    expect(text).toContain("Example: punie dataset split a.jsonl -o out\n");
    expect(text).toContain("-w, --workspace <WORKSPACE>");
  });
  test("the program's help lists -v, --version; a command's help does not", () => {
    expect(renderUsage({ ...input, path: ["punie"], version: "1.2.3", color: false })).toContain("  -v, --version");
    expect(renderUsage({ ...input, color: false })).not.toContain("--version");
  });
  test("coloured when asked", () => {
    expect(renderUsage({ ...input, color: true })).toContain("\x1b[1mUSAGE\x1b[0m");
  });
});

describe("fsErrorLine", () => {
  const error = (code: string, path: string) => Object.assign(new Error(`${code}: raw`), { code, path });
  test.each([
    [error("EISDIR", "/d"), "/d: is a directory"],
    [error("EACCES", "/f"), "/f: permission denied"],
    [error("ENOENT", "/there/x"), "/there/x: not found"],
    [error("ENOENT", "/missing/x"), "/missing/x: folder /missing not found"],
    [new Error("plain"), null],
    [error("EWHAT", "/f"), null],
    [Object.assign(error("EISDIR", "/there/.x.tmp"), { dest: "/there/x" }), "/there/x: is a directory"],
  ] as [Error, string | null][])("%p", (err, line) => {
    expect(fsErrorLine(err, (path) => path !== "/missing")).toBe(line);
  });
});

describe("readInvocation: the command tree, lazily", () => {
  const split = defineCommand({ meta: { name: "split", description: "Split." }, args: { file: { type: "positional" } }, run: async () => {} });
  const dataset = defineCommand({ meta: { name: "dataset", description: "Data." }, subCommands: { split } });
  const main = defineCommand({ meta: { name: "punie", version: "9.9.9", description: "Punie." }, args: { model: { type: "string", alias: "m" } }, subCommands: { dataset: async () => dataset }, run: async () => {} });
  const read = (argv: string[]) => readInvocation(main as unknown as CommandDef, argv);

  test("help of the deepest command named, wherever --help stands", async () => {
    for (const argv of [["dataset", "split", "--help"], ["dataset", "--help", "split"], ["-h", "dataset", "split"]]) {
      const invocation = await read(argv);
      expect(invocation.kind).toBe("help");
      if (invocation.kind === "help") expect(invocation.usage.path).toEqual(["punie", "dataset", "split"]);
    }
  });
  test("version, run, and the mistakes", async () => {
    expect(await read(["--version"])).toEqual({ kind: "version", version: "9.9.9" });
    expect(await read(["-m", "x", "dataset", "split", "a.jsonl"])).toEqual({ kind: "run", command: "punie dataset split" });
    expect(await read(["dataset", "splt"])).toMatchObject({ kind: "usage-error", message: expect.stringContaining('unknown command "splt" (did you mean punie dataset split?)') });
    expect(await read(["--modle", "x"])).toMatchObject({ kind: "usage-error", message: expect.stringContaining("unknown flag --modle (did you mean --model?)") });
    expect(await read(["dataset"])).toMatchObject({ kind: "usage-error", message: "punie dataset: name a command: split" });
  });
});
