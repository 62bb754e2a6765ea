import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ToolInputError, WorkspaceBoundaryError } from "../../src/errors.ts";
import { createTailBuffer } from "../../src/workspace/local-terminals.ts";
import { createLocalWorkspace, type LocalWorkspace } from "../../src/workspace/local-workspace.ts";

let dir: string;
let workspace: LocalWorkspace;

beforeAll(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), "punie-term-")));
  workspace = createLocalWorkspace({ root: dir, askPermission: async () => ({ outcome: "cancelled" }) });
});
afterAll(async () => {
  await workspace.dispose();
  await rm(dir, { recursive: true, force: true });
});

const sh = (line: string, outputByteLimit = 10_000) =>
  workspace.createTerminal({ command: "/bin/sh", args: ["-c", line], cwd: dir, outputByteLimit });

/** Running (a zombie no reaper collected yet, as in some containers, counts as gone). */
async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await Bun.file(`/proc/${pid}/stat`).text().catch(() => "");
  return !/\) Z /.test(stat);
}

describe("local terminals", () => {
  test("report the exit code and merged output, in the workspace folder", async () => {
    const id = await sh("pwd; echo to-stderr >&2; exit 3");
    expect(await workspace.waitForTerminalExit(id)).toEqual({ exitCode: 3, signal: null });
    const out = await workspace.terminalOutput(id);
    expect(out.output).toContain(dir);
    expect(out.output).toContain("to-stderr");
    expect(out.truncated).toBe(false);
    expect(out.exitStatus).toEqual({ exitCode: 3, signal: null });
    await workspace.releaseTerminal(id);
  });

  test("run a program with arguments as given, with extra env", async () => {
    const id = await workspace.createTerminal({
      command: "printenv",
      args: ["PUNIE_TEST_VAR"],
      cwd: dir,
      env: { PUNIE_TEST_VAR: "a b; $(c)" },
      outputByteLimit: 1000,
    });
    await workspace.waitForTerminalExit(id);
    expect((await workspace.terminalOutput(id)).output).toBe("a b; $(c)\n");
  });

  test("keep only the tail of long output and say it was truncated", async () => {
    const id = await sh("i=0; while [ $i -lt 2000 ]; do echo line-$i; i=$((i+1)); done; echo THE-END", 200);
    await workspace.waitForTerminalExit(id);
    const out = await workspace.terminalOutput(id);
    expect(out.truncated).toBe(true);
    expect(Buffer.byteLength(out.output)).toBeLessThanOrEqual(200);
    expect(out.output.endsWith("THE-END\n")).toBe(true);
    expect(out.output).not.toContain("line-0\n");
  });

  test("kill ends the command and the children its shell started", async () => {
    const id = await sh("sleep 30 & echo $!; wait");
    let childPid = 0;
    for (let i = 0; i < 200 && !childPid; i++) {
      childPid = Number.parseInt((await workspace.terminalOutput(id)).output, 10) || 0;
      if (!childPid) await Bun.sleep(5); // polling the output is the only signal a terminal gives
    }
    expect(await alive(childPid)).toBe(true);
    const started = performance.now();
    await workspace.killTerminal(id);
    const status = await workspace.waitForTerminalExit(id);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(status.signal).not.toBeNull();
    expect(await alive(childPid)).toBe(false);
  });

  test("an aborted wait kills the command within 200 ms", async () => {
    const id = await sh("sleep 30");
    const controller = new AbortController();
    const waiting = workspace.waitForTerminalExit(id, controller.signal);
    const started = performance.now();
    controller.abort(new Error("user cancelled"));
    await expect(waiting).rejects.toThrow("user cancelled");
    const status = await workspace.waitForTerminalExit(id);
    expect(performance.now() - started).toBeLessThan(200);
    expect(status.signal).toBe("SIGTERM");
  });

  test("a wait with an already aborted signal kills the command too", async () => {
    const id = await sh("sleep 30");
    const controller = new AbortController();
    controller.abort(new Error("gone"));
    await expect(workspace.waitForTerminalExit(id, controller.signal)).rejects.toThrow("gone");
    expect((await workspace.waitForTerminalExit(id)).signal).not.toBeNull();
  });

  test("a cwd outside the workspace is refused", async () => {
    await expect(workspace.createTerminal({ command: "true", args: [], cwd: tmpdir(), outputByteLimit: 10 })).rejects.toBeInstanceOf(
      WorkspaceBoundaryError,
    );
  });

  test("a missing program is a clear error", async () => {
    await expect(
      workspace.createTerminal({ command: "no-such-program-punie", args: [], cwd: dir, outputByteLimit: 10 }),
    ).rejects.toBeInstanceOf(ToolInputError);
  });
});

describe("the output tail buffer", () => {
  test("never starts in the middle of a UTF-8 character", () => {
    const buffer = createTailBuffer(5);
    buffer.push(new TextEncoder().encode("ééé")); // 6 bytes: the cut lands inside the first é
    const { text, truncated } = buffer.read();
    expect(truncated).toBe(true);
    expect(text).toBe("éé");
  });
});
