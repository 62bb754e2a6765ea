/**
 * Running the ACP agent on stdio. Kept free of citty and consola: `punie` with no subcommand
 * comes here straight from main.ts, and start-up time is part of the product.
 */
import { resolve } from "node:path";
import { createAcpAgent } from "../acp/agent.ts";
import { frameSplitter } from "../acp/frame-guard.ts";
import { jsonRpcStream } from "../acp/json-rpc-stream.ts";
import { stdoutSink } from "../acp/stdout-sink.ts";
import { onStopSignal } from "../process/stop-signals.ts";
import { CliError, errorMessage } from "../errors.ts";
import { defaultLogDir } from "../home.ts";
import { createFileLogger, type Logger, parseLogLevel } from "../log/logger.ts";
import { modelOptionsFromEnv } from "../model/options.ts";
import { parseModelSpec } from "../model/spec.ts";
import { PERMISSION_MODE_IDS, parseMode } from "../permissions/modes.ts";
import { VERSION } from "../version.ts";
import { isTerminal } from "./is-terminal.ts";
import { USAGE_EXIT, UsageError } from "./strict.ts";

import type { AcpFlags } from "./agent-flags.ts";

export type { AcpFlags };

/** Starts the agent; a bad flag is one line on stderr and exit code 1. */
export async function runAgentFromMain(flags: AcpFlags): Promise<void> {
  try {
    await runAcpFromArgs(flags);
  } catch (error) {
    process.stderr.write(`punie: ${errorMessage(error)}\n`);
    process.exit(error instanceof CliError ? error.exitCode : 1);
  }
}

export async function runAcpFromArgs(args: AcpFlags): Promise<void> {
  const env = withModeFlag(process.env, args.mode);
  const level = parseLogLevel(args["log-level"] ?? env.PUNIE_LOG_LEVEL);
  // A bad --log-level is a usage mistake (exit 2); a bad PUNIE_LOG_LEVEL is the environment's (exit 1).
  if (!level) throw new CliError(`Unknown log level "${args["log-level"] ?? env.PUNIE_LOG_LEVEL}": use error, warn, info or debug.`, args["log-level"] === undefined ? 1 : USAGE_EXIT);
  const spec = args.model ?? env.PUNIE_MODEL ?? "local";
  // Validate the spec before the IDE connects: a typo is one line on stderr and exit 1.
  parseModelSpec(spec, env);
  modelOptionsFromEnv(env);
  const log = createFileLogger({ dir: args["log-dir"] ? resolve(args["log-dir"]) : defaultLogDir(env), level });
  // A person typing `punie` in a terminal would otherwise wait on silent JSON-RPC.
  if (isTerminal(0)) process.stderr.write(`${TTY_HINT}\n`);
  routeConsoleTo(log);
  log.info(`punie ${VERSION} starting (pid ${process.pid}, model ${spec})`);

  const agent = createAcpAgent({ name: args.name ?? "Punie", version: VERSION, modelFlag: args.model, env, log });
  const stdout = stdoutSink();
  const frames = frameSplitter({ reply: (line) => stdout.writeLine(line), log: (message) => log.warn(message) });
  let inputEnded = false;
  const connection = agent.app.connect(jsonRpcStream(stdout.stream, Bun.stdin.stream(), { frames, onInputEnd: () => (inputEnded = true) }));
  let stopped = false;
  // SIGTERM, SIGHUP and Ctrl-C close the connection; closing the sessions ends their commands.
  onStopSignal(() => {
    stopped = true;
    connection.close();
  });
  await connection.closed;
  // Only the client closing stdin, or a signal, is a clean end: anything else is a fault (exit 1).
  const clean = stopped || inputEnded;
  log.info(clean ? "connection closed; closing sessions and exiting" : "connection ended by a fault; closing sessions and exiting 1");
  await agent.shutdown();
  process.exit(clean ? 0 : 1);
}

export const TTY_HINT =
  "punie is an ACP agent for IDEs and is now waiting for JSON-RPC on stdin (Ctrl-D to quit). For a request from the terminal try `punie ask \"...\"`; see `punie --help`.";

/** `--mode` is validated here and reaches the settings the way PUNIE_PERMISSION_MODE does. */
function withModeFlag(env: NodeJS.ProcessEnv, mode: string | undefined): NodeJS.ProcessEnv {
  if (mode === undefined) return env;
  const parsed = parseMode(mode);
  if (!parsed) throw new UsageError(`--mode must be one of ${PERMISSION_MODE_IDS.join(", ")}, not "${mode}".`);
  // The name of settings/load.ts's MODE_ENV, spelled here: that module (and zod) loads after start-up.
  return { ...env, PUNIE_PERMISSION_MODE: parsed };
}

/** Libraries that print with console.* must not corrupt the JSON-RPC stream. */
function routeConsoleTo(log: Logger): void {
  console.log = (...parts: unknown[]) => log.info(parts.map(String).join(" "));
  console.info = console.log;
  console.debug = (...parts: unknown[]) => log.debug(parts.map(String).join(" "));
  console.warn = (...parts: unknown[]) => log.warn(parts.map(String).join(" "));
  console.error = (...parts: unknown[]) => log.error(parts.map(String).join(" "));
}
