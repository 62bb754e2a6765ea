import { expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileLogger, parseLogLevel } from "../../src/log/logger.ts";

test("the log rotates at the size limit and keeps three old files", async () => {
  const dir = await mkdtemp(join(tmpdir(), "punie-log-"));
  try {
    const log = createFileLogger({ dir, level: "info", rotateBytes: 1000 });
    for (let i = 0; i < 200; i++) log.info(`line ${i} ${"x".repeat(40)}`);
    expect((await readdir(dir)).sort()).toEqual(["punie.log", "punie.log.1", "punie.log.2", "punie.log.3"]);
    const newest = await Bun.file(join(dir, "punie.log")).text();
    expect(newest).toContain("line 199");
    for (const name of await readdir(dir)) expect((await Bun.file(join(dir, name)).text()).length).toBeLessThan(1200);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("levels filter and unknown levels are refused", async () => {
  const dir = await mkdtemp(join(tmpdir(), "punie-log-"));
  try {
    const log = createFileLogger({ dir, level: "warn" });
    log.info("quiet");
    log.warn("loud", new Error("boom"));
    const text = await Bun.file(join(dir, "punie.log")).text();
    expect(text).not.toContain("quiet");
    expect(text).toContain("WARN");
    expect(text).toContain("boom");
    expect(parseLogLevel("verbose")).toBeNull();
    expect(parseLogLevel(undefined)).toBe("info");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
