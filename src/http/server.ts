/**
 * Starting `punie serve`: opens the database, wires the live feed, the liveness sweeper, the
 * sessions this server runs, and the hono app onto Bun.serve.
 */
import { canConnect } from "../model/probe.ts";
import { parseModelSpec } from "../model/spec.ts";
import { CliError } from "../errors.ts";
import { defaultStorePath, openStore } from "../store/index.ts";
import { VERSION } from "../version.ts";
import { defaultLogDir } from "../home.ts";
import { createFileLogger } from "../log/logger.ts";
import { listEvalRuns } from "../store/eval-runs.ts";
import { listTrainingRuns } from "../store/training-runs.ts";
import { createApp } from "./app.ts";
import { RUNS_LISTED, runRoutes } from "./runs.ts";
import { createDbReads, createDbEventSource } from "./db-reads.ts";
import { watchDatabase } from "./db-watch.ts";
import { createFeed } from "./feed.ts";
import { createHttpSessions } from "./http-sessions.ts";
import { startHousekeeping } from "./housekeeping.ts";
import type { ServeContext } from "./ports.ts";

export type ServerOptions = {
  host: string;
  port: number;
  token: string | null;
  modelSpec: string;
  env: Record<string, string | undefined>;
  workspace: string;
  log: (message: string) => void;
};

export type RunningServer = { url: string; port: number; stop(): Promise<void> };

/** SSE connections stay open: Bun closes a connection idle this long (keepalives come every 15 s). */
const IDLE_TIMEOUT_S = 60;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const store = openStore({ path: defaultStorePath(options.env), log: { warn: options.log } });
  if (!store) throw new CliError(`punie serve needs the database at ${defaultStorePath(options.env)}; see the warning above.`);
  const source = createDbEventSource(store);
  const feed = createFeed({ source });
  const watcher = watchDatabase(store.path, () => feed.nudge());
  const log = createFileLogger({ dir: defaultLogDir(options.env), level: "info", file: "serve.log" });
  const sessions = createHttpSessions({ env: options.env, modelSpec: options.modelSpec, store, log });
  const reads = createDbReads(store, { pendingOf: (id) => sessions.pending(id) });
  const context: ServeContext = {
    version: VERSION,
    startedAt: Date.now(),
    model: { spec: options.modelSpec, reachable: reachability(options.modelSpec, options.env) },
    security: { host: options.host, token: options.token },
    reads,
    sessions,
    feed,
    runs: { evalRuns: () => listEvalRuns(store, RUNS_LISTED), trainingRuns: () => listTrainingRuns(store, RUNS_LISTED) },
  };
  const app = createApp(context, { defaultWorkspace: options.workspace, extraApi: runRoutes(store) });
  let server: ReturnType<typeof Bun.serve>;
  try {
    server = Bun.serve({ hostname: options.host, port: options.port, fetch: app.fetch, idleTimeout: IDLE_TIMEOUT_S, maxRequestBodySize: 8 * 1024 * 1024 });
  } catch (error) {
    watcher.close();
    feed.stop();
    store.close();
    const code = (error as { code?: unknown }).code;
    if (code === "EADDRINUSE") throw new CliError(`Port ${options.port} on ${options.host} is already in use: stop what uses it or pick another with --port.`);
    if (code === "EADDRNOTAVAIL") throw new CliError(`Cannot listen on ${options.host}: no network interface has that address.`);
    throw new CliError(`Cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
  }
  const port = server.port ?? options.port;
  // Listening: now this server also ends sessions whose owner died, and prunes old events.
  const housekeeping = startHousekeeping({ store, onWrite: () => feed.poll() });
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host === "0.0.0.0" ? "127.0.0.1" : options.host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    async stop() {
      watcher.close();
      housekeeping.stop();
      feed.stop();
      await sessions.close();
      await server.stop(true);
      store.close();
    },
  };
}

/** Whether the model server accepts connections, asked at most every 5 s. */
function reachability(spec: string, env: Record<string, string | undefined>): () => Promise<boolean> {
  const config = parseModelSpec(spec, env);
  if (config.provider === "test") return async () => true;
  let last: { at: number; value: Promise<boolean> } | null = null;
  return () => {
    if (!last || Date.now() - last.at > 5000) last = { at: Date.now(), value: canConnect(config.baseURL, 1000) };
    return last.value;
  };
}
