/**
 * zod, loaded on first need instead of with the modules that hold schemas: evaluating it is the
 * largest single cost of `punie ask` before its model request (~16 ms of CPU in the compiled
 * binary), and an instant answer needs no schema at all. The schemas stay synchronous: they are
 * built with `zodNow()` inside `lazySchema` builders, and every way into them awaits `loadZod()`
 * first (reading a settings file, a tool call, the answer check; the ACP agent with its session
 * runtime, acp/agent.ts; every other command but `ask` at start, cli/index.ts; tests in
 * test/preload.ts).
 */
import type { zodApi } from "./zod-api.ts";

/** zod's functions, as src/zod-api.ts gathers them (its types are zod's own). */
export type ZodApi = typeof zodApi;

let zod: ZodApi | null = null;
let loading: Promise<ZodApi> | null = null;

/** Loads zod once; resolves when schemas can be built. */
export function loadZod(): Promise<ZodApi> {
  loading ??= import("./zod-api.ts").then((module) => {
    zod = module.zodApi;
    return module.zodApi;
  });
  return loading;
}

/** zod when already loaded, else null: `loadedZod() ?? (await loadZod())` skips a tick on hot paths. */
export function loadedZod(): ZodApi | null {
  return zod;
}

/** zod, already loaded by `loadZod()`; a missed `await loadZod()` is a bug, said plainly. */
export function zodNow(): ZodApi {
  if (zod === null) throw new Error("internal error: a zod schema was used before loadZod() finished");
  return zod;
}

/**
 * A schema built on first use with the loaded zod, not when its module loads.
 *
 * @example
 * const parameters = lazySchema((z) => z.object({ path: z.string() }));
 * await loadZod();
 * parameters().parse({ path: "a.py" });
 */
export function lazySchema<S>(build: (z: ZodApi) => S): () => S {
  let schema: S | undefined;
  return () => {
    schema ??= build(zodNow());
    return schema;
  };
}
