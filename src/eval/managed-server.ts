/**
 * `--server`: a managed mlx_lm server (src/mlx/) for the length of a run — the adapter served
 * directly or fused first (`--fuse`, cached) — always stopped afterwards, whatever happens.
 */
import { resolve } from "node:path";
import { checkAdapter, fusedModel, looksFourBit } from "../mlx/fuse.ts";
import { resolveMlxPython, startManagedServer } from "../mlx/index.ts";

export type ServerRequest = {
  modelPath: string;
  adapter?: string | undefined;
  fuse?: boolean | undefined;
  /** Server-level settings (grid): `--max-kv-size`. */
  maxKvSize?: number | undefined;
};

/** What a run records as its model: the model path and adapter (the port changes every time). */
export function serverModelLabel(request: ServerRequest): string {
  return `mlx-server:${request.modelPath}${request.adapter ? ` + ${request.adapter}${request.fuse ? " (fused)" : ""}` : ""}${request.maxKvSize ? ` max-kv-size=${request.maxKvSize}` : ""}`;
}

/** A model path as given, or made absolute when it is a folder on disk (a Hugging Face id stays). */
function modelArgument(path: string, cwd: string): string {
  return path.startsWith(".") || path.startsWith("/") ? resolve(cwd, path) : path;
}

export async function withManagedServer<T>(
  request: ServerRequest,
  options: { env: Record<string, string | undefined>; cwd: string; signal: AbortSignal; log: (line: string) => void },
  run: (modelSpec: string) => Promise<T>,
): Promise<T> {
  const { env, cwd, signal } = options;
  const python = await resolveMlxPython({ cwd, env });
  let model = modelArgument(request.modelPath, cwd);
  const adapter = request.adapter ? resolve(cwd, request.adapter) : undefined;
  // A folder without adapter files would make the server hang while loading: say so now.
  if (adapter) checkAdapter(adapter);
  if (adapter && request.fuse) {
    if (looksFourBit(model)) options.log("warning: fusing into a 4-bit model has been seen to erase a LoRA's effect; prefer a 5/6/8-bit or full-precision base");
    const fused = await fusedModel(python, model, adapter, { env, cwd, signal });
    options.log(`${fused.reused ? "Serving the cached fused model" : "Fused into"} ${fused.path}`);
    model = fused.path;
  }
  options.log(`Starting mlx_lm server for ${model}${adapter && !request.fuse ? ` with ${adapter}` : ""}…`);
  const server = await startManagedServer(
    { model, ...(adapter && !request.fuse ? { adapter } : {}), ...(request.maxKvSize ? { maxKvSize: request.maxKvSize } : {}) },
    { env, cwd, python, signal },
  );
  options.log(`mlx_lm server ready at ${server.baseUrl} (log: ${server.logPath})`);
  try {
    return await run(server.modelSpec);
  } finally {
    await server.stop();
  }
}
