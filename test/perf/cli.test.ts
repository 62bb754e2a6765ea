import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSession, openStore, recordTurn } from "../../src/store/index.ts";
import { readThenAnswerTurn, recordingLog, tempDir } from "../store/fixtures.ts";

const MAIN = join(import.meta.dir, "../../src/main.ts");

// NODE_ENV=test (set by bun test) makes consola hide info lines; a user's shell does not.
async function punie(home: string, ...args: string[]) {
  const child = Bun.spawn([process.execPath, MAIN, ...args], {
    env: { ...process.env, PUNIE_HOME: home, NO_COLOR: "1", NODE_ENV: "production" },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { stdout, stderr, code };
}

/** What an ACP session leaves in the database: two prompts, one old. */
function homeWithAcpSession(): string {
  const home = tempDir();
  const store = openStore({ path: join(home, "punie.db"), log: recordingLog() });
  if (!store) throw new Error("store did not open");
  createSession(store, { id: "acp-1", cwd: "/project" });
  recordTurn(store, "acp-1", readThenAnswerTurn("long ago", Date.now() - 30 * 86_400_000));
  recordTurn(store, "acp-1", readThenAnswerTurn("just now", Date.now() - 60_000));
  store.close();
  return home;
}

describe("punie perf", () => {
  test("--json reports an ACP session's tool calls and model requests", async () => {
    const { stdout, code } = await punie(homeWithAcpSession(), "perf", "--json");
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ prompts: 2, sessions: 1, since: null });
    expect(summary.tools).toMatchObject([{ name: "read_file", backend: "ide", count: 2, refusals: 0, failures: 0, failureRate: 0, p50Ms: 8, p95Ms: 8, totalMs: 16 }]);
    expect(summary.model).toMatchObject({ requests: 4, p50Ms: 100 });
  });

  test("--since narrows the window; the table goes to stdout and the HTML to the file", async () => {
    const home = homeWithAcpSession();
    const html = join(home, "perf.html");
    const { stdout, stderr, code } = await punie(home, "perf", "--since", "7d", "--html", html);
    expect(code).toBe(0);
    expect(stdout).toContain("1 prompts in 1 sessions");
    expect(stdout).toMatch(/read_file\s+ide\s+1\s+0\s+0%\s+8 ms\s+8 ms/);
    expect(stderr).toContain("perf.html");
    const report = readFileSync(html, "utf8");
    expect(report.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(report).toContain("<td>read_file</td><td>ide</td>");
  });

  test("an empty home: zero prompts, exit 0, a hint on stderr only", async () => {
    const { stdout, stderr, code } = await punie(tempDir(), "perf", "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout).prompts).toBe(0);
    expect(stderr).toContain("No prompts recorded");
  });

  test("a bad --since is a usage mistake (exit 2), an unusable database exit 1: one line on stderr each", async () => {
    const bad = await punie(tempDir(), "perf", "--since", "last tuesday");
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toStartWith('punie perf: --since "last tuesday": expected a span like 30m, 24h, 7d');

    const home = tempDir();
    writeFileSync(join(home, "punie.db"), "garbage ".repeat(1000));
    const corrupt = await punie(home, "perf");
    expect(corrupt.code).toBe(1);
    expect(corrupt.stdout).toBe("");
    expect(corrupt.stderr).toContain("corrupt");
    // It stops: no "continuing without history" (that is the agent's wording).
    expect(corrupt.stderr).not.toContain("continuing");
    expect(corrupt.stderr).not.toContain("    at ");
  });
});
