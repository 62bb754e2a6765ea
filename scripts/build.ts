/**
 * Builds the self-contained binary. `bun run build` → dist/punie for this machine;
 * `bun run build:all` → dist/punie-<target> for every release target, each with a .tar.gz
 * (holding `punie`) and a .sha256. Flags: see COMPILE_FLAGS (measured in bench/startup.ts).
 */
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };

export const TARGETS = ["darwin-arm64", "darwin-x64", "linux-x64", "linux-arm64"] as const;
/**
 * --bytecode and --minify cut start-up time (bench/startup.ts); bytecode needs ESM here.
 * --splitting keeps each lazily imported module (ask, datasets, MCP, …) in a chunk of its own: in
 * one file, the node builtins those import (stream, readline, tty, crypto: consola, the MCP
 * client, …) were loaded at every start, before `main` ran (`punie --version` 110 → 60 ms, RSS
 * 44 → 36 MB on the CI box; bench/cold.ts).
 */
export const COMPILE_FLAGS = ["--minify", "--bytecode", "--format=esm", "--splitting"];
/** Worker scripts are entrypoints of their own in a compiled binary (Bun: single-file executables). */
export const WORKER_ENTRIES = ["src/dataset/scan-worker.ts"];

const root = join(import.meta.dir, "..");
const dist = join(root, "dist");
const pinned = pkg.packageManager.split("@")[1];

async function run(command: string[], cwd = root): Promise<void> {
  const proc = Bun.spawn(command, { cwd, stdout: "inherit", stderr: "inherit" });
  if ((await proc.exited) !== 0) throw new Error(`failed: ${command.join(" ")}`);
}

async function compile(outfile: string, target?: string): Promise<void> {
  await run([process.execPath, "build", "src/main.ts", ...WORKER_ENTRIES, "--compile", ...COMPILE_FLAGS, ...(target ? [`--target=bun-${target}`] : []), "--outfile", outfile]);
}

async function packageTarget(target: string): Promise<void> {
  const binary = join(dist, `punie-${target}`);
  await compile(binary, target);
  const stage = join(dist, `.stage-${target}`);
  await rm(stage, { recursive: true, force: true });
  await mkdir(stage, { recursive: true });
  await Bun.write(join(stage, "punie"), Bun.file(binary));
  await run(["chmod", "+x", join(stage, "punie")]);
  const tarball = `${binary}.tar.gz`;
  await run(["tar", "-czf", tarball, "-C", stage, "punie"]);
  await rm(stage, { recursive: true, force: true });
  const hash = new Bun.CryptoHasher("sha256").update(await Bun.file(tarball).arrayBuffer()).digest("hex");
  await Bun.write(`${tarball}.sha256`, `${hash}  punie-${target}.tar.gz\n`);
  console.error(`built ${tarball} (sha256 ${hash})`);
}

if (import.meta.main) {
  if (Bun.version !== pinned) console.error(`warning: building with Bun ${Bun.version}, but package.json pins ${pinned}`);
  await mkdir(dist, { recursive: true });
  if (process.argv.includes("--all")) {
    for (const target of TARGETS) await packageTarget(target);
  } else {
    await compile(join(dist, "punie"));
    console.error("built dist/punie");
  }
}
