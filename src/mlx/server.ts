/**
 * The mlx_lm server manager. `startManagedServer` is for punie's own work (eval, grid, bench):
 * the server never outlives its caller (process group, signals, reaper, the caller's AbortSignal).
 * `punie mlx start` uses `launchServer` too, then detaches the ready server on purpose and
 * records it. Either way: the port is checked before anything starts, the log goes to
 * ~/.punie/run/, and readiness means a 1-token chat answered; a server that dies or is not ready
 * in time is killed and reported with the last 20 lines of its log.
 */
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { type Child, NotReadyError, spawnChild, tailOfFile, waitUntilReady } from "../process/index.ts";
import { LOG_TAIL_LINES, MlxError } from "./errors.ts";
import { flagIssue } from "./flags.ts";
import { distributedArgv } from "./launch.ts";
import { freePort, portInUse } from "./port.ts";
import { type MlxPython, pythonEnv, resolveMlxPython } from "./python.ts";
import { chatProbe, clientBaseUrl } from "./readiness.ts";
import { runDir } from "./paths.ts";
import { type ServerConfig, type ServerConfigInput, ServerConfigSchema, serverArgv } from "./server-config.ts";

export type ServerOptions = {
  env: Record<string, string | undefined>;
  cwd: string;
  /** Resolved already (the CLI checks it before anything starts); else resolved here. */
  python?: MlxPython;
  /** `--python PATH` when `python` is not given. */
  pythonPath?: string;
  /** Seconds to wait for readiness (default 600). */
  waitS?: number;
  /** Aborting stops the server (and a wait for it). */
  signal?: AbortSignal;
  /** Who holds a port, for the "in use" message (e.g. a recorded `punie mlx` server). */
  describePortHolder?: (port: number) => string | null;
  /** Per-attempt timeout of the readiness probe (default 2000 ms). */
  probeTimeoutMs?: number;
};

export type LaunchedServer = {
  id: string;
  config: ServerConfig;
  child: Child<"ignore", number, number>;
  argv: string[];
  baseUrl: string;
  modelSpec: string;
  logPath: string;
  startedAt: number;
};

export type ManagedServer = {
  baseUrl: string;
  /** The Punie model spec for it: `mlx:http://HOST:PORT/v1`. */
  modelSpec: string;
  pid: number;
  port: number;
  logPath: string;
  /** SIGTERM to its process group, SIGKILL after 10 s; resolves once it is gone. */
  stop(): Promise<void>;
};

/** zod-validated settings; a bad value is one line naming its flag. */
export function parseServerConfig(input: ServerConfigInput): ServerConfig {
  const parsed = ServerConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new MlxError(flagIssue(parsed.error.issues[0], input as Record<string, unknown>));
}

/**
 * Starts a server for punie's own work and waits until it is ready. It never outlives the
 * caller: `stop()` it when done; punie's exit, a signal or `options.signal` stop it too.
 * With no `port`, a free one is picked.
 *
 * @example
 * const server = await startManagedServer({ model: "mlx-community/Qwen2.5-Coder-7B-Instruct-4bit" }, { env: process.env, cwd: process.cwd(), signal });
 * try { await runSuite(server.modelSpec); } finally { await server.stop(); }
 */
export async function startManagedServer(input: ServerConfigInput, options: ServerOptions): Promise<ManagedServer> {
  const host = input.host ?? "127.0.0.1";
  const config = parseServerConfig({ ...input, host, port: input.port ?? freePort(host) });
  const server = await launchServer(config, options);
  return {
    baseUrl: server.baseUrl,
    modelSpec: server.modelSpec,
    pid: server.child.pid,
    port: config.port,
    logPath: server.logPath,
    stop: async () => {
      await server.child.stop();
    },
  };
}

/** Starts mlx_lm server for `config` and waits for it; see the module comment. */
export async function launchServer(config: ServerConfig, options: ServerOptions): Promise<LaunchedServer> {
  const python = options.python ?? (await resolveMlxPython({ python: options.pythonPath, cwd: options.cwd, env: options.env }));
  if (portInUse(config.host, config.port)) {
    const holder = options.describePortHolder?.(config.port);
    throw new MlxError(`Port ${config.port} on ${config.host} is in use${holder ? ` by ${holder}` : ""}: stop it or pick another --port`);
  }
  const argv = distributedArgv(serverArgv(python.path, config), config.launch, python.path, options.env);
  const id = randomBytes(3).toString("hex");
  const dir = runDir(options.env);
  mkdirSync(dir, { recursive: true });
  const logPath = join(dir, `mlx-${id}.log`);
  const fd = openSync(logPath, "a");
  writeSync(fd, `# ${new Date().toISOString()} ${argv.join(" ")}\n`);
  let child: Child<"ignore", number, number>;
  try {
    child = spawnChild(argv, { stdin: "ignore", stdout: fd, stderr: fd, env: pythonEnv(options.env), cwd: options.cwd, graceMs: 10_000, ...(options.signal ? { signal: options.signal } : {}) });
  } finally {
    closeSync(fd);
  }
  const baseUrl = clientBaseUrl(config.host, config.port);
  const waitS = options.waitS ?? 600;
  try {
    await waitUntilReady(chatProbe(baseUrl), {
      deadlineMs: waitS * 1000,
      exited: child.exited,
      intervalMs: 250,
      attemptTimeoutMs: options.probeTimeoutMs ?? 2000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    await child.stop();
    if (!(error instanceof NotReadyError)) throw error;
    const why =
      error.reason === "timeout"
        ? `was not ready after ${waitS} s (no answer to a 1-token chat; killed)`
        : error.exit?.signal
          ? `was killed by ${error.exit.signal} before it was ready`
          : `exited with code ${error.exit?.code} before it was ready`;
    const tail = await tailOfFile(logPath, LOG_TAIL_LINES);
    throw new MlxError(`mlx_lm server ${why}; last lines of ${logPath}:\n${tail.map((line) => `  ${line}`).join("\n")}`);
  }
  return { id, config, child, argv, baseUrl, modelSpec: `mlx:${baseUrl}`, logPath, startedAt: Date.now() };
}
