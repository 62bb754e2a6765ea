/** Shared test helpers: fixture paths, temp dirs, running the real CLI. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { tempDir as makeTempDir } from "../helpers/temp.ts";

export const FIXTURES = join(import.meta.dir, "..", "fixtures", "dataset");
export const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");

/** A temp folder removed after the test (see test/helpers/temp.ts). */
export const tempDir = async () => makeTempDir("punie-dataset-");

export async function readJsonl(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, "utf8");
  return text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
}

export type CliResult = { code: number; stdout: string; stderr: string };

export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = Bun.spawn(["bun", MAIN, "dataset", ...args], {
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code, stdout, stderr };
}

export function writeLines(path: string, rows: unknown[]): Promise<number> {
  return Bun.write(path, rows.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n") + "\n");
}
