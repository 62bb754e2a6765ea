/**
 * Running the ACP agent on stdio. Kept free of citty and consola: `punie` with no subcommand
 * comes here straight from main.ts, and start-up time is part of the product.
 */
import { resolve } from "node:path";
import * as acp from "@agentclientprotocol/sdk";
import { createAcpAgent } from "../acp/agent.ts";
import { stdoutSink } from "../acp/stdout-sink.ts";
import { CliError, errorMessage } from "../errors.ts";
import { defaultLogDir } from "../home.ts";
import { createFileLogger, type Logger, parseLogLevel } from "../log/logger.ts";
import { modelOptionsFromEnv } from "../model/options.ts";
import { parseModelSpec } from "../model/spec.ts";
import { VERSION } from "../version.ts";

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
  const env = process.env;
  const level = parseLogLevel(args["log-level"] ?? env.PUNIE_LOG_LEVEL);
  if (!level) throw new CliError(`Unknown log level "${args["log-level"] ?? env.PUNIE_LOG_LEVEL}": use error, warn, info or debug.`);
  const spec = args.model ?? env.PUNIE_MODEL ?? "local";
  // Validate the spec before the IDE connects: a typo is one line on stderr and exit 1.
  parseModelSpec(spec, env);
  modelOptionsFromEnv(env);
  const log = createFileLogger({ dir: args["log-dir"] ? resolve(args["log-dir"]) : defaultLogDir(env), level });
  routeConsoleTo(log);
  log.info(`punie ${VERSION} starting (pid ${process.pid}, model ${spec})`);

  const agent = createAcpAgent({ name: args.name ?? "Punie", version: VERSION, modelFlag: args.model, env, log });
  const connection = agent.app.connect(acp.ndJsonStream(stdoutSink(), Bun.stdin.stream()));
  const stop = () => connection.close();
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  await connection.closed;
  log.info("connection closed; closing sessions and exiting");
  await agent.shutdown();
  process.exit(0);
}

/** Libraries that print with console.* must not corrupt the JSON-RPC stream. */
function routeConsoleTo(log: Logger): void {
  console.log = (...parts: unknown[]) => log.info(parts.map(String).join(" "));
  console.info = console.log;
  console.debug = (...parts: unknown[]) => log.debug(parts.map(String).join(" "));
  console.warn = (...parts: unknown[]) => log.warn(parts.map(String).join(" "));
  console.error = (...parts: unknown[]) => log.error(parts.map(String).join(" "));
}
