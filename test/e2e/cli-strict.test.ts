/**
 * The command line as a user meets it, from the built binary: unknown flags are errors that name
 * the closest flag and run nothing, short flags, help without ANSI on a pipe, the prompt from all
 * words or stdin, the hint for `punie` on a terminal, one --since parser, one-line file errors.
 */
import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { shellQuote } from "../../src/permissions/always-keys.ts";
import { startScriptedServer } from "../../src/testing/scripted-server.ts";
import { openSession } from "../../src/testing/acp-client.ts";
import { agentCommand, type RunOptions, runPunie, sandboxEachTest, startPunie } from "./harness.ts";

const t = sandboxEachTest({ copyDemo: false });

const ANSI = /\x1b\[/;
const hasScript = Bun.which("script") !== null;
const hasSetpriv = Bun.which("setpriv") !== null && process.getuid?.() === 0;

const punie = (args: string[], options: RunOptions = {}) => runPunie(t.box, args, options);

/** Runs the binary on a pseudo-terminal (util-linux `script`); `input` is typed once it started. */
async function onTerminal(args: string[], input = "", env: Record<string, string | undefined> = {}) {
  const command = [...(await agentCommand()), ...args].map(shellQuote).join(" ");
  const proc = Bun.spawn(["script", "-qfec", command, "/dev/null"], {
    cwd: t.box.project,
    env: { ...process.env, PUNIE_HOME: t.box.home, HOME: t.box.home, TERM: "xterm", NO_COLOR: undefined, ...env },
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  if (input) {
    await Bun.sleep(300);
    proc.stdin.write(input);
    proc.stdin.flush();
  }
  const stdout = await new Response(proc.stdout).text();
  return { code: await proc.exited, stdout };
}

describe("unknown flags are errors that run nothing", () => {
  test("punie init --outptu x.json leaves ~/.jetbrains/acp.json untouched and suggests --output", async () => {
    const config = join(t.box.home, ".jetbrains", "acp.json");
    mkdirSync(join(t.box.home, ".jetbrains"), { recursive: true });
    writeFileSync(config, '{"agent_servers": {"Mine": {"command": "/opt/mine"}}}');
    for (const args of [["init", "--outptu", "x.json"], ["init", "--outptu=x.json"], ["init", "-x", "x.json"]]) {
      const result = await punie(args);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain(`unknown flag ${args[1]!.split("=")[0]}`);
      expect(readFileSync(config, "utf8")).toBe('{"agent_servers": {"Mine": {"command": "/opt/mine"}}}');
      expect(existsSync(join(t.box.project, "x.json"))).toBe(false);
    }
    expect((await punie(["init", "--outptu", "x.json"])).stderr).toContain("did you mean --output?");
  });

  test("-o is --output: punie init -o writes there and nowhere else", async () => {
    const result = await punie(["init", "-o", join(t.box.project, "acp.json"), "-m", "test"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(join(t.box.project, "acp.json"), "utf8")).agent_servers.Punie.env).toEqual({ PUNIE_MODEL: "test" });
    expect(existsSync(join(t.box.home, ".jetbrains", "acp.json"))).toBe(false);
  });

  test("punie ask --yse does not run (no model request), and suggests --yes", async () => {
    t.server = await startScriptedServer({ script: [{ text: "should not be asked" }] });
    const result = await punie(["ask", "--yse", "--model", `${t.server.url}/m`, "write", "notes"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("punie ask: unknown flag --yse (did you mean --yes?); see punie ask --help\n");
    expect(t.server.requests).toHaveLength(0);
  });

  test("nested commands and old folder names: the suggestion is the flag that exists", async () => {
    const cases: [string[], string][] = [
      [["dataset", "export", "-o", "x.jsonl", "--cwd", "."], "punie dataset export: unknown flag --cwd (did you mean --workspace?)"],
      [["permissions", "list", "--project", "."], "punie permissions list: unknown flag --project (did you mean --workspace?)"],
      [["ask", "--cwd", ".", "hi"], "punie ask: unknown flag --cwd (did you mean --workspace?)"],
      [["dataset", "split", "a.jsonl", "-o", "out", "--ratio", "1,0,0"], "punie dataset split: unknown flag --ratio (did you mean --ratios?)"],
      [["dataset", "download", "sample", "-o", "s", "--forse"], "punie dataset download sample: unknown flag --forse (did you mean --force?)"],
      [["perf", "--sinse", "7d"], "punie perf: unknown flag --sinse (did you mean --since?)"],
      [["--modle", "test"], "punie: unknown flag --modle (did you mean --model?)"],
      [["acp", "--log-levl", "debug"], "punie acp: unknown flag --log-levl (did you mean --log-level?)"],
      [["dataset", "splt", "a.jsonl"], 'punie dataset: unknown command "splt" (did you mean punie dataset split?)'],
      // -c is --config (train run) only: eval's --concurrency is -j.
      [["eval", "--model", "test", "-c", "4"], "punie eval: unknown flag -c (for --concurrency use -j or --concurrency)"],
      [["eval", "grid", "--model", "test", "-c4"], "punie eval grid: unknown flag -c4 (for --concurrency use -j or --concurrency)"],
    ];
    for (const [args, message] of cases) {
      const result = await punie(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toStartWith(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    // Nothing ran: no dataset written, no database created.
    expect(existsSync(join(t.box.project, "s"))).toBe(false);
    expect(existsSync(join(t.box.project, "x.jsonl"))).toBe(false);
  });

  test("a missing value or argument is the same kind of one-line error", async () => {
    expect(await punie(["dataset", "split", "a.jsonl"])).toMatchObject({ code: 2, stderr: "punie dataset split: missing --output (-o); see punie dataset split --help\n" });
    expect(await punie(["ask", "--model"])).toMatchObject({ code: 2, stderr: "punie ask: --model needs a value; see punie ask --help\n" });
    expect(await punie(["dataset", "split", "a.jsonl", "b.jsonl", "-o", "x"])).toMatchObject({ code: 2 });
  });

  test("a bad value is a usage mistake too, and the same flag reads the same in every command", async () => {
    for (const command of [["eval", "list"], ["train", "list"]]) {
      expect(await punie([...command, "--limit", "0"])).toMatchObject({ code: 2, stderr: `punie ${command.join(" ")}: --limit must be a whole number from 1 to 1000, not "0".\n` });
    }
    // Flags that do not go together, or a bad value: exit 2 and one line, as the strict check's own.
    const usage: [string[], string][] = [
      [["serve", "--port", "http"], 'punie serve: --port must be a number from 0 to 65535, not "http".'],
      [["serve", "--token", "short"], "punie serve: --token must be at least 8 characters."],
      [["serve", "--host", "0.0.0.0"], "punie serve: Listening on 0.0.0.0 exposes your agents to the network: add --token"],
      [["db", "prune", "--older-than", "soon"], 'punie db prune: --older-than must be a span such as 90d, 12w or 48h, not "soon".'],
      [["permissions", "clear", "--all", "-w", "."], "punie permissions clear: Give either --workspace DIR or --all, not both."],
      [["eval", "--resume", "20260101-000000-abcd", "--model", "test"], "punie eval: --resume continues run 20260101-000000-abcd with its own suite and model"],
      [["eval", "grid", "--model", "test"], "punie eval grid needs values to vary"],
      [["eval", "grid", "--model", "test", "--max-kv-sizes", "4096"], "punie eval grid: --max-kv-sizes is a server setting"],
      [["mlx", "start", "-m", "m", "--port", "http"], "punie mlx start: --port http: expected a port number"],
      [["train", "data", "-m", "m", "-o", "out", "--hosts", "a", "--hostfile", "f"], "punie train run: --hosts and --hostfile do not go together: give one"],
    ];
    for (const [args, message] of usage) {
      const result = await punie(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toStartWith(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    // One reader of comma lists: an empty item is refused alike by eval grid and train grid.
    expect(await punie(["eval", "grid", "--model", "test", "--temperatures", "0,,1"])).toMatchObject({
      code: 2,
      stderr: 'punie eval grid: --temperatures takes numbers separated by commas (e.g. 0,0.3), not "0,,1".\n',
    });
    expect(await punie(["train", "grid", "data", "-m", "m", "-o", "out", "--learning-rates", "1e-5", "--ranks", "8,,16"])).toMatchObject({
      code: 2,
      stderr: 'punie train grid: --ranks takes positive numbers separated by commas (e.g. 8,16), not "8,,16".\n',
    });
  });
});

describe("punie ask: the prompt and the modes", () => {
  test("every word is the prompt; -y is --yes; -w is --workspace", async () => {
    t.server = await startScriptedServer({ script: [{ text: "ok" }] });
    const other = join(t.box.project, "other");
    mkdirSync(other);
    const result = await punie(["ask", "-y", "-m", `${t.server.url}/m`, "-w", other, "read", "calculator.py", "please"]);
    expect(result.code).toBe(0);
    const user = t.server.requests[0]?.messages?.find((m) => m.role === "user");
    expect(user?.content).toBe("read calculator.py please");
  });

  test("a piped stdin with no words, or -, is the prompt", async () => {
    t.server = await startScriptedServer({ script: [{ text: "one" }, { text: "two" }] });
    expect((await punie(["ask", "-m", `${t.server.url}/m`], { stdin: "explain the\nproject layout\n" })).code).toBe(0);
    expect((await punie(["ask", "-m", `${t.server.url}/m`, "-"], { stdin: "from a dash" })).code).toBe(0);
    const users = t.server.requests.map((r) => r.messages?.find((m) => m.role === "user")?.content);
    expect(users).toEqual(["explain the\nproject layout", "from a dash"]);
  });

  test("an empty prompt is a usage error; --mode is the permission mode, --instructions the instruction set", async () => {
    expect(await punie(["ask", "-m", "test"], { stdin: "  \n" })).toMatchObject({ code: 2, stderr: "punie ask: the prompt read from stdin is empty\n" });
    const wrongMode = await punie(["ask", "-m", "test", "--mode", "local", "hi"]);
    expect(wrongMode.code).toBe(2);
    expect(wrongMode.stderr).toContain("--mode must be one of ask, accept-edits, auto, read-only");
    expect(wrongMode.stderr).toContain("the instruction set is --instructions local");
    expect((await punie(["ask", "-m", "test", "--instructions", "ide", "hi"])).stderr).toContain('--instructions must be "local" or "acp"');
  });

  test("--mode read-only refuses a write the model asks for", async () => {
    t.server = await startScriptedServer({
      script: [{ toolCalls: [{ id: "w", name: "write_file", arguments: { path: "notes.md", content: "x" } }] }, { text: "could not" }],
    });
    const result = await punie(["ask", "-m", `${t.server.url}/m`, "--mode", "read-only", "write", "notes"]);
    expect(result.code).toBe(0);
    expect(existsSync(join(t.box.project, "notes.md"))).toBe(false);
    expect(JSON.stringify(t.server.requests[1]?.messages)).toContain("read-only");
  });
});

describe("punie (the ACP agent): --mode is the permission mode too", () => {
  test("a session starts in the mode given; an unknown mode is one line before the IDE connects", async () => {
    const agent = await startPunie(t.box, ["--model", "test", "--mode", "read-only"]);
    try {
      const { session } = await openSession(agent, t.box.project);
      expect(session.modes?.currentModeId).toBe("read-only");
    } finally {
      await agent.close();
    }
    const bad = await punie(["--model", "test", "--mode", "yolo"], { stdin: "" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('punie: --mode must be one of ask, accept-edits, auto, read-only, not "yolo".\n');
  });
});

describe("help", () => {
  test("piped help has no ANSI, names the program on every usage line, and examples carry no version", async () => {
    for (const command of [[], ["ask"], ["init"], ["dataset"], ["dataset", "split"], ["dataset", "download", "sample"], ["permissions", "clear"], ["perf"]]) {
      const result = await punie([...command, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(ANSI);
      const usage = result.stdout.split("\n").filter((line) => line.startsWith("USAGE"));
      expect(usage).toHaveLength(1);
      expect(usage[0]).toStartWith(`USAGE  ${["punie", ...command].join(" ")}`);
      const examples = result.stdout.split("\n").filter((line) => line.startsWith("Example: "));
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expect(example).not.toMatch(/\d+\.\d+\.\d+|\(punie/);
    }
  });

  test.skipIf(!hasScript)("help on a terminal is coloured, except with NO_COLOR", async () => {
    expect((await onTerminal(["dataset", "--help"])).stdout).toMatch(ANSI);
    expect((await onTerminal(["dataset", "--help"], "", { NO_COLOR: "1" })).stdout).not.toMatch(ANSI);
  });

  test.skipIf(!hasScript)("punie on a terminal says it is an ACP agent, and still answers JSON-RPC", async () => {
    const initialize = `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: 1, clientCapabilities: {} } })}\n\x04`;
    const result = await onTerminal(["--model", "test"], initialize);
    expect(result.stdout).toContain("punie is an ACP agent for IDEs");
    expect(result.stdout).toContain("punie ask");
    expect(result.stdout).toContain('"protocolVersion"');
  });

  test("punie with a pipe on stdin prints no hint", async () => {
    const result = await punie(["--model", "test"], { stdin: "" });
    expect(result.stderr).not.toContain("ACP agent for IDEs");
  });
});

describe("one --since parser", () => {
  test.each([["30m"], ["24h"], ["7d"], ["2w"], ["1.5h"], ["2026-01-31"], ["2026-01-31T08:00:00Z"]])("perf and dataset export take %p", async (since) => {
    expect((await punie(["perf", "--since", since, "--json"])).code).toBe(0);
    const exported = await punie(["dataset", "export", "-o", "x.jsonl", "--since", since]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain("0 of 0 turns exported");
  });

  test.each([["5"], ["2001"], ["yesterday"], ["7y"], ["2026-02-30"]])("perf and dataset export refuse %p in one line", async (since) => {
    for (const args of [["perf", "--since", since], ["dataset", "export", "-o", "x.jsonl", "--since", since]]) {
      const result = await punie(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toStartWith(`punie ${args[0] === "perf" ? "perf" : "dataset export"}: --since "${since}": expected a span like 30m, 24h, 7d, 2w, 1.5h or a date like 2026-01-31`);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("file-system errors are one line naming the path", () => {
  test("a folder where a file is expected, a missing file, a missing folder", async () => {
    mkdirSync(join(t.box.project, "data"));
    const cases: [string[], string][] = [
      [["dataset", "split", "data", "-o", "out"], "data: is a directory"],
      [["dataset", "split", "missing.jsonl", "-o", "out"], "missing.jsonl: not found"],
      [["dataset", "validate", "missing"], "missing: not found"],
      [["perf", "--html", "data/x.jsonl/perf.html"], "punie perf: Cannot write the report: data/x.jsonl/perf.html: a part of the path is not a directory."],
      [["perf", "--html", "data"], "punie perf: Cannot write the report: data: is a directory."],
      [["init", "-o", "data"], `${join(t.box.project, "data")} was left untouched: it is a folder, not a file`],
      [["dataset", "download", "sample", "-o", "data/x.jsonl/y"], "a part of the path is not a directory"],
    ];
    writeFileSync(join(t.box.project, "data", "x.jsonl"), "");
    for (const [args, line] of cases) {
      const result = await punie(args);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain(line);
      expect(result.stderr).not.toMatch(/EISDIR|ENOENT|EACCES|ENOTDIR|illegal operation|\.tmp/);
    }
    // Nothing half-written is left behind.
    expect(readdirSync(t.box.project).sort()).toEqual([".keep", "data"]);
    expect(readdirSync(join(t.box.project, "data"))).toEqual(["x.jsonl"]);
  });

  test("an HTML report's missing folder is created, as for every report", async () => {
    const result = await punie(["perf", "-o", "reports/today/perf.html"]);
    expect(result.code).toBe(0);
    expect(readFileSync(join(t.box.project, "reports", "today", "perf.html"), "utf8")).toStartWith("<!DOCTYPE html>");
  });

  // CI runs as root, who may read anything: the binary runs as nobody for this one.
  test.skipIf(!hasSetpriv)("a file nobody may read: permission denied", async () => {
    const dir = join(t.box.project, "locked");
    mkdirSync(dir);
    const file = join(dir, "train.jsonl");
    writeFileSync(file, '{"text": "x"}\n');
    chmodSync(file, 0o600);
    for (const path of [t.box.project, dir, join(t.box.project, "..")]) chmodSync(path, 0o755);
    const proc = Bun.spawnSync(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", ...(await agentCommand()), "dataset", "stats", file], {
      env: { ...process.env, PUNIE_HOME: join(t.box.project, "home-nobody"), HOME: "/nonexistent" },
    });
    const stderr = proc.stderr.toString();
    expect(proc.exitCode).toBe(1);
    expect(stderr).toContain(`${file}: permission denied`);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });
});
