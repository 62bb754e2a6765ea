/**
 * What an IDE's `punie` evaluates before it can answer `initialize`: the bundle's entry and the ACP
 * start-up chunk with everything they import statically (scripts/build.ts splits the code, so
 * lazily imported modules stay out). A dynamic `import("zod")` once pulled zod's whole namespace,
 * every locale, into the chunk the SDK loads at start-up: ~550 KB more JS and ~6 ms more to the
 * first answer.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..", "..");
let out = "";
afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

/** The chunks `entries` import statically, transitively (dynamic `import()` is not followed). */
async function staticClosure(dir: string, entries: string[]): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name)) continue;
    const text = await Bun.file(join(dir, name)).text();
    seen.set(name, text);
    for (const match of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"\.\/([^"]+)"|^import\s*"\.\/([^"]+)"/gms)) queue.push((match[1] ?? match[2]) as string);
  }
  return seen;
}

test("the ACP agent's start-up code leaves zod's locales and the session runtime to later", async () => {
  out = await mkdtemp(join(tmpdir(), "punie-chunks-"));
  const build = Bun.spawnSync([process.execPath, "build", "src/main.ts", "--target=bun", "--format=esm", "--splitting", "--outdir", out], { cwd: ROOT, stderr: "pipe" });
  expect(build.exitCode, build.stderr.toString()).toBe(0);
  const files = await readdir(out);
  const acpRun = files.find((file) => file.startsWith("acp-run-"));
  expect(acpRun).toBeDefined();
  const chunks = await staticClosure(out, ["main.js", acpRun as string]);
  const modules = [...chunks.values()].flatMap((text) => [...text.matchAll(/^\/\/ (\S+\.(?:js|ts))$/gm)].map((match) => match[1] as string));
  expect(modules.some((module) => module.endsWith("src/acp/agent.ts"))).toBe(true);
  expect(modules.filter((module) => module.includes("zod/v4/locales/") && !module.endsWith("/en.js"))).toEqual([]);
  expect(modules.filter((module) => module.endsWith("src/acp/session-runtime.ts") || module.endsWith("src/session/runner.ts"))).toEqual([]);
  const bytes = [...chunks.values()].reduce((sum, text) => sum + text.length, 0);
  expect(bytes).toBeLessThan(450_000);
}, 60_000);
