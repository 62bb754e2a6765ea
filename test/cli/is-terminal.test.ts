import { describe, expect, test } from "bun:test";
import { closeSync, openSync } from "node:fs";
import { isatty } from "node:tty";
import { join } from "node:path";
import { isTerminal } from "../../src/cli/is-terminal.ts";
import { tempDir } from "../helpers/temp.ts";

describe("isTerminal agrees with isatty", () => {
  test("a file, /dev/null, a closed descriptor and a pipe are not terminals", () => {
    const file = join(tempDir("punie-tty-"), "f.txt");
    const fds = [openSync(file, "w"), openSync("/dev/null", "r")];
    try {
      for (const fd of fds) expect(isTerminal(fd)).toBe(isatty(fd));
      for (const fd of fds) expect(isTerminal(fd)).toBe(false);
    } finally {
      for (const fd of fds) closeSync(fd);
    }
    expect(isTerminal(987)).toBe(false);
    expect(isatty(987)).toBe(false);
    const piped = Bun.spawnSync([process.execPath, "-e", `const { isTerminal } = await import(${JSON.stringify(join(import.meta.dir, "../../src/cli/is-terminal.ts"))}); process.stdout.write(isTerminal(0) + " " + require("node:tty").isatty(0))`], { stdin: "pipe" });
    expect(piped.stdout.toString().trim()).toBe("false false");
  });

  test.skipIf(Bun.which("script") === null)("a pseudo-terminal is one", () => {
    const code = `const { isTerminal } = await import(${JSON.stringify(join(import.meta.dir, "../../src/cli/is-terminal.ts"))}); process.stdout.write(isTerminal(0) + " " + require("node:tty").isatty(0))`;
    const run = Bun.spawnSync(["script", "-qec", `${process.execPath} -e '${code.replaceAll("'", "'\\''")}'`, "/dev/null"], { stdin: "pipe" });
    expect(run.stdout.toString()).toContain("true true");
  });
});
