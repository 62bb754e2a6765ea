/**
 * `mlx_lm fuse`: an adapter merged into its base model, as a model folder. `punie fuse` runs it;
 * `punie mlx start --fuse` serves a fused copy from a cache keyed by the model and the adapter's
 * content hash, made once and reused.
 */
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createTail, describeExit, forEachLine, spawnChild } from "../process/index.ts";
import { LOG_TAIL_LINES, MlxError } from "./errors.ts";
import { fusedCacheDir } from "./paths.ts";
import { type MlxPython, pythonEnv } from "./python.ts";

export type FuseRequest = { model: string; adapter: string; output: string; dequantize?: boolean };

export function fuseArgv(python: string, request: FuseRequest): string[] {
  return [python, "-m", "mlx_lm", "fuse", "--model", request.model, "--adapter-path", request.adapter, "--save-path", request.output, ...(request.dequantize ? ["--dequantize"] : [])];
}

/** The adapter files mlx_lm needs; a folder without them is refused before anything starts. */
export function checkAdapter(adapter: string): void {
  for (const name of ["adapters.safetensors", "adapter_config.json"])
    if (!existsSync(join(adapter, name))) throw new MlxError(`${adapter} is not an adapter folder: ${name} is missing (punie train writes both)`);
}

/**
 * Whether a model is quantized to 4 bits, from its folder's config.json or its name: fusing into
 * 4-bit has been seen to erase a LoRA's effect (5, 6 and 8 bits kept it).
 */
export function looksFourBit(model: string): boolean {
  const config = join(model, "config.json");
  if (existsSync(config)) {
    try {
      const json = JSON.parse(readFileSync(config, "utf8")) as { quantization?: { bits?: number } };
      return json.quantization?.bits === 4;
    } catch {
      // Unreadable config: fall back to the name.
    }
  }
  return /(^|[-_/])(4bit|4-bit|q4|int4)([-_/]|$)/i.test(model);
}

/** sha256 over the adapter's weights and config, and the model name (the cache key). */
export async function fuseKey(model: string, adapter: string): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  hasher.update(`${model}\n`);
  for (const name of ["adapter_config.json", "adapters.safetensors"]) {
    for await (const chunk of Bun.file(join(adapter, name)).stream()) hasher.update(chunk);
  }
  return hasher.digest("hex").slice(0, 16);
}

/** Runs `mlx_lm fuse`; its output lines go to `onLine`. */
export async function runFuse(python: MlxPython, request: FuseRequest, options: { env: Record<string, string | undefined>; cwd: string; onLine?: (line: string) => void; signal?: AbortSignal }): Promise<void> {
  checkAdapter(request.adapter);
  const child = spawnChild(fuseArgv(python.path, request), { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: pythonEnv(options.env), cwd: options.cwd, ...(options.signal ? { signal: options.signal } : {}) });
  const tail = createTail(LOG_TAIL_LINES);
  const onLine = (line: string) => {
    if (line.trim()) tail.push(line);
    options.onLine?.(line);
  };
  const [exit] = await Promise.all([child.exited, forEachLine(child.proc.stdout, onLine), forEachLine(child.proc.stderr, onLine)]);
  if (exit.code !== 0) {
    throw new MlxError(`mlx_lm fuse ${describeExit(exit)}; last lines:\n${tail.lines().map((line) => `  ${line}`).join("\n")}`);
  }
}

/** The fused copy of model + adapter from the cache, made first when missing. */
export async function fusedModel(python: MlxPython, model: string, adapter: string, options: { env: Record<string, string | undefined>; cwd: string; onLine?: (line: string) => void; signal?: AbortSignal }): Promise<{ path: string; reused: boolean }> {
  checkAdapter(adapter);
  const path = join(fusedCacheDir(options.env), await fuseKey(model, adapter));
  if (existsSync(join(path, "config.json"))) return { path, reused: true };
  // Fused into a temp name and renamed: an interrupted fuse never looks like a cached model.
  const temp = `${path}.partial-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  try {
    await runFuse(python, { model, adapter, output: temp }, options);
    renameSync(temp, path);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  return { path, reused: false };
}
