/**
 * No orphans: a parent (a bun script using src/process/) is ended every way a user or an IDE ends
 * punie, and its children and grandchildren must be gone within a second.
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";

const PARENT = join(import.meta.dir, "..", "fixtures", "process", "parent.ts");

type Parent = { proc: Bun.Subprocess<"ignore", "pipe", "pipe">; pids: number[] };

async function startParent(mode: string): Promise<Parent> {
  const proc = Bun.spawn([process.execPath, PARENT, mode], { stdout: "pipe", stderr: "pipe" });
  const reader = proc.stdout.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`parent ended early: ${await new Response(proc.stderr).text()}`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const { pids } = JSON.parse(text.split("\n")[0] ?? "") as { pids: number[] };
  return { proc, pids };
}

/** Running, as a user sees it: a zombie (reaped later by init) is not running. */
function running(pid: number): boolean {
  const ps = Bun.spawnSync(["ps", "-o", "stat=", "-p", String(pid)]);
  const stat = ps.stdout.toString().trim();
  return stat !== "" && !stat.startsWith("Z");
}

async function survivors(pids: number[], withinMs: number): Promise<number[]> {
  const until = Date.now() + withinMs;
  for (;;) {
    const alive = pids.filter(running);
    if (alive.length === 0 || Date.now() >= until) return alive;
    await Bun.sleep(25);
  }
}

describe("no process survives its parent", () => {
  for (const signal of ["SIGTERM", "SIGHUP", "SIGINT", "SIGKILL"] as const) {
    test(`${signal} of the parent ends children and grandchildren within 1 s`, async () => {
      const { proc, pids } = await startParent("wait");
      expect(pids).toHaveLength(4);
      expect(pids.every(running)).toBe(true);
      proc.kill(signal);
      await proc.exited;
      expect(await survivors(pids, 1000)).toEqual([]);
    }, 20_000);
  }

  test("a normal exit that forgot its children still ends them", async () => {
    const { proc, pids } = await startParent("exit");
    expect(await proc.exited).toBe(0);
    expect(await survivors(pids, 1000)).toEqual([]);
  }, 20_000);

  test("an uncaught error ends them too", async () => {
    const { proc, pids } = await startParent("throw");
    expect(await proc.exited).not.toBe(0);
    expect(await survivors(pids, 1000)).toEqual([]);
  }, 20_000);

  test("Ctrl-C exits 130 after the shutdown hooks ran", async () => {
    const { proc, pids } = await startParent("hook");
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(130);
    expect(await new Response(proc.stderr).text()).toContain("hook SIGINT");
    expect(await survivors(pids, 1000)).toEqual([]);
  }, 20_000);

  test("a child detached on purpose outlives the parent; the others do not", async () => {
    const { proc, pids } = await startParent("detach");
    expect(await proc.exited).toBe(0);
    const [grandchild, child, ...others] = pids as [number, number, ...number[]];
    expect(await survivors(others, 1000)).toEqual([]);
    await Bun.sleep(300); // the reaper would have acted by now
    expect(running(child)).toBe(true);
    expect(running(grandchild)).toBe(true);
    process.kill(-child, "SIGKILL");
    expect(await survivors([child, grandchild], 1000)).toEqual([]);
  }, 20_000);
});
