import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { addProjectRule, openStore } from "../../src/store/index.ts";
import { recordingLog, tempDir } from "./fixtures.ts";

const MAIN = join(import.meta.dir, "../../src/main.ts");

// NODE_ENV=test (set by bun test) makes consola hide info lines; a user's shell does not.
async function punie(home: string, cwd: string, ...args: string[]) {
  const child = Bun.spawn([process.execPath, MAIN, ...args], { cwd, env: { ...process.env, PUNIE_HOME: home, NO_COLOR: "1", NODE_ENV: "production" }, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { stdout, stderr, code };
}

describe("punie permissions", () => {
  test("lists and clears what 'always allow in this project' saved, per project directory", async () => {
    const home = tempDir();
    const projectA = tempDir();
    const projectB = tempDir();
    const store = openStore({ path: join(home, "punie.db"), log: recordingLog() });
    if (!store) throw new Error("store did not open");
    addProjectRule(store, { project: projectA, tool: "write_file", action: "edit" });
    addProjectRule(store, { project: projectA, tool: "run_command", action: "execute" });
    addProjectRule(store, { project: projectB, tool: "write_file", action: "edit" });
    store.close();

    const all = await punie(home, projectA, "permissions", "list", "--json");
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout).map((rule: { project: string; tool: string }) => [rule.project, rule.tool])).toEqual(
      [
        [projectA, "run_command"],
        [projectA, "write_file"],
        [projectB, "write_file"],
      ].sort((a, b) => ((a[0] ?? "") < (b[0] ?? "") ? -1 : (a[0] ?? "") > (b[0] ?? "") ? 1 : 0)),
    );

    const onlyB = await punie(home, projectA, "permissions", "list", "--workspace", projectB);
    expect(onlyB.stdout).toContain(projectB);
    expect(onlyB.stdout).toContain("write_file");
    expect(onlyB.stdout).not.toContain(projectA);

    // Without --workspace, clear means the project in the current directory.
    const cleared = await punie(home, projectA, "permissions", "clear");
    expect(cleared.code).toBe(0);
    expect(cleared.stdout.trim()).toBe("2");
    expect(cleared.stderr).toContain(`Removed 2 saved permissions for ${projectA}`);
    const left = await punie(home, projectA, "permissions", "list", "--json");
    expect(JSON.parse(left.stdout).map((rule: { project: string }) => rule.project)).toEqual([projectB]);

    const everything = await punie(home, projectA, "permissions", "clear", "--all");
    expect(everything.stdout.trim()).toBe("1");
    const none = await punie(home, projectA, "permissions", "list");
    expect(none.stdout).toBe("");
    expect(none.stderr).toContain("No saved project permissions");
  }, 30_000);
});
