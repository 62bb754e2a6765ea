/**
 * `punie init` from the built binary: the command written is the stable one on PATH, and an
 * acp.json it cannot read (a folder, no permission, not UTF-8) is left exactly as it was.
 */
import { describe, expect, test } from "bun:test";
import { chmod, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BINARY, sandboxEachTest } from "./harness.ts";

const t = sandboxEachTest({ copyDemo: false });

async function init(args: string[], env: Record<string, string> = {}, prefix: string[] = []) {
  const proc = Bun.spawn([...prefix, BINARY, "init", ...args], {
    cwd: t.box.project,
    env: { ...process.env, PUNIE_HOME: t.box.home, NO_COLOR: "1", ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

const canDropPrivileges = process.getuid?.() === 0 && Bun.which("setpriv") !== null;

describe("punie init", () => {
  test("writes the PATH entry that leads to the binary, not the path it resolves to", async () => {
    const bin = join(t.box.project, "bin");
    await mkdir(bin);
    await symlink(BINARY, join(bin, "punie"));
    const output = join(t.box.project, "acp.json");
    const result = await init(["--output", output], { PATH: `/nonexistent:${bin}:${process.env.PATH ?? ""}` });
    expect(result.code).toBe(0);
    const config = JSON.parse(await readFile(output, "utf8"));
    expect(config.agent_servers.Punie.command).toBe(join(bin, "punie"));
  });

  test("an acp.json that is a folder is left as it was, with one line", async () => {
    const output = join(t.box.project, "acp.json");
    await mkdir(output);
    const result = await init(["--output", output, "--force"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("it is a folder");
    expect(result.stdout).toBe("");
  });

  test("--force replaces a broken acp.json with one warning line and keeps a .bak", async () => {
    const output = join(t.box.project, "acp.json");
    await writeFile(output, "{broken");
    const result = await init(["--output", output, "--force"]);
    expect(result.code).toBe(0);
    expect(result.stderr.split("\n")[0]).toStartWith(`warning: replaced ${output} (it is not valid JSON`);
    expect(result.stderr).toContain(`the old file is at ${output}.bak\n`);
    expect(await Bun.file(`${output}.bak`).text()).toBe("{broken");
  });

  test("an acp.json that is not UTF-8 is left byte for byte", async () => {
    const output = join(t.box.project, "acp.json");
    const bytes = new Uint8Array([...new TextEncoder().encode('{"agent_servers":{"Other":{"command":"/x'), 0xff, 0xfe, ...new TextEncoder().encode('"}}}')]);
    await writeFile(output, bytes);
    const result = await init(["--output", output]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("not UTF-8");
    expect(new Uint8Array(await readFile(output))).toEqual(bytes);
  });

  test.skipIf(!canDropPrivileges)("an acp.json the user cannot read is left as it was (setpriv drops root)", async () => {
    const base = join(t.box.project, "..");
    await chmod(base, 0o755);
    await chmod(t.box.project, 0o777);
    const output = join(t.box.project, "acp.json");
    await writeFile(output, '{"agent_servers":{"Other":{"command":"/x"}}}');
    await chmod(output, 0o200); // writable, not readable: the old code replaced it
    const result = await init(["--output", output], { HOME: t.box.project, PUNIE_HOME: join(t.box.project, "home") }, [
      "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
    ]);
    expect(result.stderr).toContain("permission denied");
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    await chmod(output, 0o644);
    expect(await readFile(output, "utf8")).toBe('{"agent_servers":{"Other":{"command":"/x"}}}');
  });
});
