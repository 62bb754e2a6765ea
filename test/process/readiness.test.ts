import { describe, expect, test } from "bun:test";
import { httpProbe, NotReadyError, spawnChild, waitUntilReady } from "../../src/process/index.ts";

describe("waitUntilReady", () => {
  test("returns once the probe answers true", async () => {
    let attempts = 0;
    await waitUntilReady(async () => ++attempts >= 3, { deadlineMs: 2000, intervalMs: 10 });
    expect(attempts).toBe(3);
  });

  test("a probe that hangs is cut off by the attempt timeout, then the deadline ends the wait", async () => {
    const started = Date.now();
    const error = await waitUntilReady((signal) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))), {
      deadlineMs: 300,
      attemptTimeoutMs: 50,
      intervalMs: 10,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotReadyError);
    expect((error as NotReadyError).reason).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("a process that dies ends the wait at once with its exit code", async () => {
    const child = spawnChild(["/bin/sh", "-c", "sleep 0.1; exit 3"], { stdout: "ignore" });
    const started = Date.now();
    const error = await waitUntilReady(async () => false, { deadlineMs: 10_000, intervalMs: 20, exited: child.exited }).catch((e: unknown) => e);
    expect((error as NotReadyError).reason).toBe("exited");
    expect((error as NotReadyError).exit?.code).toBe(3);
    expect(error instanceof Error && error.message).toContain("exited with code 3");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("httpProbe is ready on 2xx only", async () => {
    let status = 503;
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("x", { status }) });
    try {
      const probe = httpProbe(`http://127.0.0.1:${server.port}/health`);
      expect(await probe(AbortSignal.timeout(1000))).toBe(false);
      status = 200;
      expect(await probe(AbortSignal.timeout(1000))).toBe(true);
    } finally {
      await server.stop(true);
    }
  });
});

describe("spawnChild", () => {
  test("stop() ends a child that ignores SIGTERM with SIGKILL after the grace period", async () => {
    const child = spawnChild(["/bin/sh", "-c", "trap '' TERM; echo up; while :; do sleep 0.05; done"], { stdout: "pipe", graceMs: 200 });
    await child.proc.stdout.getReader().read();
    const started = Date.now();
    const exit = await child.stop();
    expect(exit.signal).toBe("SIGKILL");
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  test("aborting the signal stops the child", async () => {
    const controller = new AbortController();
    const child = spawnChild(["sleep", "30"], { signal: controller.signal });
    controller.abort();
    expect((await child.exited).signal).toBe("SIGTERM");
  });

  test("await using stops it when the block ends", async () => {
    let pid = 0;
    {
      await using child = spawnChild(["sleep", "30"]);
      pid = child.pid;
    }
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
