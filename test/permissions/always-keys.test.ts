import { describe, expect, test } from "bun:test";
import { alwaysKey, describeKey } from "../../src/permissions/always-keys.ts";
import { splitShellCommand } from "../../src/permissions/shell-split.ts";

/** The "always" keys of a command line, as the option name shows them. */
const keysOf = (line: string) => {
  const split = splitShellCommand(line);
  if (!split.ok) throw new Error(split.reason);
  return split.commands.map((call) => describeKey(alwaysKey(call).key));
};

describe("what an 'always allow' answer remembers", () => {
  const cases: [string, string[]][] = [
    // Programs with subcommands: the program and its subcommand.
    ["git status --short", ["`git status *`"]],
    ["npm test -- --watch", ["`npm test *`"]],
    ["uv run pytest -q", ["`uv run *`"]],
    ["cargo build --release", ["`cargo build *`"]],
    // …but not an option in the subcommand's place: the program alone.
    ["git --version", ["`git`"]],
    // Programs that run code from their arguments: the exact call.
    ["python3 calculator.py", ["`python3 calculator.py`"]],
    ["python3 -c 'import os; os.remove(\"x\")'", ["`python3 -c 'import os; os.remove(\"x\")'`"]],
    ["python3.12 -m pytest", ["`python3.12 -m pytest`"]],
    ["node build.js", ["`node build.js`"]],
    ["bun run dev", ["`bun run dev`"]],
    ["npx prettier --write .", ["`npx prettier --write .`"]],
    ["/usr/bin/perl -e 1", ["`/usr/bin/perl -e 1`"]],
    // Wrappers are exact, and what they run gets its own key.
    ["sudo git status", ["`sudo git status`", "`git status *`"]],
    ["bash -c 'ls -la'", ["`bash -c 'ls -la'`", "`ls`"]],
    ["env FOO=1 make test", ["`env FOO=1 make test`", "`make test *`"]],
    ["ls -la | xargs rm", ["`ls`", "`xargs rm`", "`rm`"]],
    // Every other program: the program alone, as keys saved before this scheme.
    ["ls -la src", ["`ls`"]],
    ["cat README.md", ["`cat`"]],
    ["pytest -q tests", ["`pytest`"]],
  ];
  test.each(cases)("%s", (line, expected) => {
    expect(keysOf(line)).toEqual(expected);
  });
});
