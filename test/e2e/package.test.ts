/**
 * `bunx punie` runs the npm package's bin: pack it as npm would, unpack it elsewhere, and start
 * the bin from there (dependencies linked from this checkout: no network in tests).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSession, startAgentProcess } from "../../src/testing/acp-client.ts";
import { ROOT } from "./harness.ts";

let dir: string;
let packageDir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "punie-pack-"));
  const pack = Bun.spawnSync(["npm", "pack", "--silent", "--pack-destination", dir], { cwd: ROOT });
  expect(pack.exitCode).toBe(0);
  const tarball = pack.stdout.toString().trim().split("\n").at(-1) as string;
  expect(Bun.spawnSync(["tar", "-xzf", join(dir, tarball), "-C", dir]).exitCode).toBe(0);
  packageDir = join(dir, "package");
  await symlink(join(ROOT, "node_modules"), join(packageDir, "node_modules"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("the packed bin prints the version and speaks ACP", async () => {
  const bin = join(packageDir, "bin", "punie.js");
  const version = Bun.spawnSync([process.execPath, bin, "--version"]);
  expect(version.stdout.toString().trim()).toBe((await Bun.file(join(ROOT, "package.json")).json()).version);
  const project = await mkdtemp(join(dir, "project-"));
  const agent = await startAgentProcess({ command: [process.execPath, bin, "--model", "test"], cwd: project, env: { PUNIE_HOME: join(dir, "home") } });
  try {
    const { initialize } = await openSession(agent, project);
    expect(initialize.agentInfo?.name).toBe("punie");
  } finally {
    await agent.close();
  }
});

test("the package holds no tests, build output or local state", async () => {
  const listing = Bun.spawnSync(["npm", "pack", "--dry-run", "--json"], { cwd: ROOT });
  const files = (JSON.parse(listing.stdout.toString()) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((f) => f.path) ?? [];
  expect(files).toContain("bin/punie.js");
  expect(files).toContain("src/main.ts");
  expect(files.some((path) => path.startsWith("test/") || path.startsWith("dist/") || path.startsWith(".tools/"))).toBe(false);
});

test("the testing kit is importable as punie/testing", async () => {
  const kit = await import(join(packageDir, "src", "testing", "index.ts"));
  expect(typeof kit.startScriptedServer).toBe("function");
  expect(typeof kit.startAgentProcess).toBe("function");
  expect(typeof kit.createScriptedModel).toBe("function");
  expect(typeof kit.createMemoryWorkspace).toBe("function");
  const manifest = await Bun.file(join(packageDir, "package.json")).json();
  expect(manifest.exports["./testing"]).toBe("./src/testing/index.ts");
});
