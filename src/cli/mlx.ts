/**
 * `punie mlx start|stop|status|logs`: the mlx_lm model server (`punie serve` is the dashboard).
 * Flags and printing only; the work is in src/mlx/. A started server runs on after the command,
 * recorded in the database, until `punie mlx stop`; `--foreground` keeps it attached instead.
 */
import { resolve } from "node:path";
import { defineCommand } from "citty";
import { CliError, errorMessage } from "../errors.ts";
import { LOG_TAIL_LINES } from "../mlx/errors.ts";
import { settingKey } from "../mlx/flags.ts";
import type { MlxServerRecord } from "../store/mlx-servers.ts";
import type { Store } from "../store/open.ts";
import { cliAction } from "./action.ts";
import { parseSeconds } from "./eval-flags.ts";
import { UsageError } from "./strict.ts";
import { launchFrom, mlxPython, modelPath, openRunStore } from "./train.ts";
import { jsonArg, jsonDocumentArg, launchArgs, modelArg, pythonArg } from "./train-args.ts";

const stderr = (text: string) => void process.stderr.write(text);
const stdout = (text: string) => void process.stdout.write(text);
const STOP_GRACE_MS = 10_000;
const KEEP_STOPPED_MS = 7 * 24 * 3600 * 1000;

const value = (description: string, valueHint: string) => ({ type: "string", description, valueHint }) as const;

const startCommand = defineCommand({
  meta: {
    name: "start",
    description: [
      "Start `mlx_lm server` in the background (own process group, log in ~/.punie/run/) and wait until it answers a chat.",
      "Prints the model spec to use (stdout) and how to stop it. --adapter serves a trained adapter; --fuse serves a fused copy (cached).",
      "Example: punie mlx start -m mlx-community/Qwen2.5-Coder-7B-Instruct-4bit --adapter adapters/coder",
    ].join("\n"),
  },
  args: {
    ...modelArg,
    adapter: value("Adapter folder (passed as --adapter-path)", "DIR"),
    fuse: { type: "boolean", description: "Serve the model fused with --adapter (made once, cached in ~/.punie/fused)" },
    host: value("Address to listen on (default 127.0.0.1)", "HOST"),
    port: value("Port (default 8080)", "PORT"),
    temp: value("Default sampling temperature", "T"),
    "top-p": value("Default top-p", "P"),
    "top-k": value("Default top-k", "K"),
    "min-p": value("Default min-p", "P"),
    "max-tokens": value("Default max tokens per answer", "N"),
    "max-kv-size": value("Rotating KV cache size (not with --kv-bits)", "N"),
    "kv-bits": value("Quantize the KV cache to 4 or 8 bits", "4|8"),
    "chat-template-args": value('JSON for the chat template, e.g. {"enable_thinking":false}', "JSON"),
    "draft-model": value("Draft model for speculative decoding", "D"),
    "num-draft-tokens": value("Tokens drafted per step", "K"),
    "prompt-cache-size": value("Prompt caches kept", "N"),
    "decode-concurrency": value("Requests decoded at once", "N"),
    "log-level": value("DEBUG, INFO, WARNING, ERROR or CRITICAL", "LEVEL"),
    "wait-s": value("Seconds (or a span: 15m) to wait for the model to load (default 600)", "S"),
    foreground: { type: "boolean", description: "Stay attached: the server stops with this command (Ctrl-C)" },
    ...launchArgs,
    ...pythonArg,
    ...jsonArg,
  },
  run: cliAction(async ({ args }) => {
    if (!args.model) throw new UsageError("punie mlx start: missing --model (-m) M");
    if (args.fuse && !args.adapter) throw new UsageError("punie mlx start: --fuse needs --adapter DIR");
    // Seconds or a span, read like eval's --timeout (one parser).
    const waitS = parseSeconds(args["wait-s"], "wait-s", 600);
    const [{ parseServerConfig, launchServer }, { checkAdapter, fusedModel, looksFourBit }, { addMlxServer, findMlxServer, markMlxServerStopped }, processes] = await Promise.all([
      import("../mlx/server.ts"),
      import("../mlx/fuse.ts"),
      import("../store/mlx-servers.ts"),
      import("../process/index.ts"),
    ]);
    const model = modelPath(args.model);
    const adapter = args.adapter ? resolve(args.adapter) : undefined;
    const launch = await launchFrom(args);
    const input = {
      model,
      ...(adapter && !args.fuse ? { adapter } : {}),
      ...(args.host ? { host: args.host } : {}),
      ...(args.port ? { port: parsePort(args.port, "punie mlx start") } : {}),
      ...pick(args, ["temp", "top-p", "top-k", "min-p", "max-tokens", "max-kv-size", "kv-bits", "chat-template-args", "draft-model", "num-draft-tokens", "prompt-cache-size", "decode-concurrency", "log-level"]),
      ...(launch ? { launch } : {}),
    };
    // A bad server flag (--port 99999, --kv-bits 3) is a usage mistake: exit 2, nothing started.
    let config: ReturnType<typeof parseServerConfig>;
    try {
      config = parseServerConfig(input);
    } catch (error) {
      throw new UsageError(`punie mlx start: ${errorMessage(error)}`);
    }
    if (adapter) checkAdapter(adapter);
    const python = await mlxPython(args.python);
    const env = process.env;
    const store = await openRunStore();
    try {
      if (args.fuse && adapter) {
        if (looksFourBit(model)) stderr("warning: fusing into a 4-bit model has been seen to erase a LoRA's effect; prefer a 5/6/8-bit or full-precision base\n");
        const fused = await fusedModel(python, model, adapter, { env, cwd: process.cwd(), signal: processes.shutdownSignal(), onLine: (line) => line.trim() && stderr(`  ${line}\n`) });
        stderr(`${fused.reused ? "Serving the cached fused model" : "Fused into"} ${fused.path}\n`);
        config = { ...config, model: fused.path };
      }
      let server;
      try {
        server = await launchServer(config, {
          env,
          cwd: process.cwd(),
          python,
          waitS,
          signal: processes.shutdownSignal(),
          describePortHolder: (port) => {
            const live = store ? findMlxServer(store, { port }).find((r) => r.stoppedAt === null) : undefined;
            return live ? `punie mlx server ${live.id} (punie mlx stop ${live.id})` : null;
          },
          ...(env.PUNIE_MLX_PROBE_TIMEOUT_MS ? { probeTimeoutMs: Number(env.PUNIE_MLX_PROBE_TIMEOUT_MS) } : {}),
        });
      } catch (error) {
        const code = processes.shutdownExitCode();
        if (code !== null) return code;
        throw error;
      }
      const record: MlxServerRecord = {
        id: server.id,
        pid: server.child.pid,
        host: config.host,
        port: config.port,
        model,
        adapter: adapter ?? null,
        servedModel: config.model,
        logPath: server.logPath,
        argv: server.argv,
        startedAt: server.startedAt,
        stoppedAt: null,
      };
      if (store) addMlxServer(store, record);
      if (args.json) stdout(`${JSON.stringify({ id: record.id, pid: record.pid, baseUrl: server.baseUrl, modelSpec: server.modelSpec, logPath: record.logPath })}\n`);
      else stdout(`${server.modelSpec}\n`);
      stderr(`mlx_lm server ${record.id} ready at ${server.baseUrl} (pid ${record.pid}; log ${record.logPath})\n`);
      // `punie --model X` would start the ACP agent in this terminal: name what a person runs.
      stderr(`Use it in PyCharm: punie init --model ${server.modelSpec}; from a terminal: punie ask -m ${server.modelSpec} "..."\n`);
      if (!args.foreground) {
        await server.child.detach();
        stderr(`Stop it: punie mlx stop ${record.id}\n`);
        return 0;
      }
      stderr("Ctrl-C stops it.\n");
      const off = processes.onShutdown(() => store && markMlxServerStopped(store, record.id));
      const exit = await server.child.exited;
      off();
      if (store) markMlxServerStopped(store, record.id);
      const code = processes.shutdownExitCode();
      if (code !== null) return code;
      const { describeExit, tailOfFile } = processes;
      throw new CliError(`mlx_lm server ${record.id} ${describeExit(exit)}; last lines of ${record.logPath}:\n${(await tailOfFile(record.logPath, LOG_TAIL_LINES)).map((l) => `  ${l}`).join("\n")}`);
    } finally {
      store?.close();
    }
  }),
});

function pick(args: Record<string, unknown>, flags: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const flag of flags) if (args[flag] !== undefined) out[settingKey(flag)] = args[flag];
  return out;
}

function parsePort(text: string | undefined, command: string): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`${command}: --port ${text}: expected a port number`);
  return port;
}

/** Live records, after forgetting those whose process is gone (and old stopped ones). */
async function liveServers(): Promise<{ live: MlxServerRecord[]; stopped: MlxServerRecord[]; store: Store | null; close(): void }> {
  const store = await openRunStore();
  const [{ listMlxServers, markMlxServerStopped, pruneMlxServers }, { isServerAlive }] = await Promise.all([import("../store/mlx-servers.ts"), import("../mlx/status.ts")]);
  if (!store) return { live: [], stopped: [], store, close() {} };
  const now = Date.now();
  pruneMlxServers(store, now - KEEP_STOPPED_MS);
  const live: MlxServerRecord[] = [];
  const stopped: MlxServerRecord[] = [];
  for (const record of listMlxServers(store, now - KEEP_STOPPED_MS)) {
    if (record.stoppedAt === null && !isServerAlive(record.pid)) {
      markMlxServerStopped(store, record.id, now);
      stopped.push({ ...record, stoppedAt: now });
    } else (record.stoppedAt === null ? live : stopped).push(record);
  }
  return { live, stopped, store, close: () => store.close() };
}

/** The live servers an ID or --port names; an error when none does. */
function select(live: MlxServerRecord[], id: string | undefined, port: number | undefined, command: string): MlxServerRecord[] {
  const matches = live.filter((r) => (id === undefined || r.id.startsWith(id)) && (port === undefined || r.port === port));
  const what = id !== undefined ? `"${id}"` : `on port ${port}`;
  if (matches.length === 0) throw new CliError(`${command}: no running punie mlx server ${what}; see punie mlx status`);
  if (matches.length > 1) throw new CliError(`${command}: ${what} matches ${matches.map((r) => r.id).join(", ")}: give more of the id`);
  return matches;
}

const stopCommand = defineCommand({
  meta: { name: "stop", description: "Stop a server started by punie mlx start: SIGTERM to its process group, SIGKILL after 10 s.\nExample: punie mlx stop --port 8080" },
  args: {
    id: { type: "positional", description: "Server id (see punie mlx status)", required: false, valueHint: "ID" },
    port: value("The server on this port", "PORT"),
    all: { type: "boolean", description: "Every running server" },
  },
  run: cliAction(async ({ args }) => {
    const port = parsePort(args.port, "punie mlx stop");
    if (!args.all && args.id === undefined && port === undefined) throw new UsageError("punie mlx stop: name a server: ID, --port P or --all");
    const servers = await liveServers();
    try {
      const targets = args.all ? servers.live : select(servers.live, args.id, port, "punie mlx stop");
      if (targets.length === 0) return void stderr("No running punie mlx servers.\n");
      const [{ killGroup }, { markMlxServerStopped }] = await Promise.all([import("../process/index.ts"), import("../store/mlx-servers.ts")]);
      await Promise.all(
        targets.map(async (record) => {
          const how = await killGroup(record.pid, { graceMs: STOP_GRACE_MS });
          if (servers.store) markMlxServerStopped(servers.store, record.id);
          stderr(`Stopped ${record.id} (port ${record.port}, pid ${record.pid}${how === "kill" ? ", needed SIGKILL" : ""})\n`);
        }),
      );
    } finally {
      servers.close();
    }
  }),
});

const statusCommand = defineCommand({
  meta: { name: "status", description: "Running model servers: id, pid, port, model, adapter, uptime, memory (--all: also those stopped in the last 7 days).\nExample: punie mlx status --json" },
  args: { all: { type: "boolean", description: "Also servers stopped in the last 7 days" }, ...jsonDocumentArg },
  run: cliAction(async ({ args }) => {
    const servers = await liveServers();
    servers.close();
    const [{ groupMemoryBytes, formatUptime }, { formatBytes, formatTime }, { alignColumns }] = await Promise.all([import("../mlx/status.ts"), import("../format.ts"), import("../perf/table.ts")]);
    const now = Date.now();
    const rows = [...servers.live.map((r) => ({ ...r, running: true })), ...(args.all ? servers.stopped.map((r) => ({ ...r, running: false })) : [])].map((r) => ({
      id: r.id,
      status: r.running ? "running" : "stopped",
      pid: r.pid,
      port: r.port,
      baseUrl: `http://${r.host}:${r.port}/v1`,
      model: r.model,
      adapter: r.adapter,
      servedModel: r.servedModel,
      uptimeS: r.running ? Math.round((now - r.startedAt) / 1000) : null,
      memoryBytes: r.running ? groupMemoryBytes(r.pid) : null,
      startedAt: new Date(r.startedAt).toISOString(),
      stoppedAt: r.stoppedAt === null ? null : new Date(r.stoppedAt).toISOString(),
      logPath: r.logPath,
    }));
    if (args.json) return void stdout(`${JSON.stringify(rows, null, 2)}\n`);
    if (rows.length === 0) return void stdout("No running punie mlx servers: punie mlx start --model M\n");
    const table = [
      ["id", ...(args.all ? ["status"] : []), "pid", "port", "model", "adapter", "uptime", "memory"],
      ...rows.map((r) => [
        r.id,
        ...(args.all ? [r.status] : []),
        String(r.pid),
        String(r.port),
        r.model,
        r.adapter ?? "–",
        r.uptimeS === null ? `stopped ${formatTime(Date.parse(r.stoppedAt ?? ""))}` : formatUptime(r.uptimeS * 1000),
        r.memoryBytes === null ? "–" : formatBytes(r.memoryBytes),
      ]),
    ];
    stdout(`${alignColumns(table, new Set()).join("\n")}\n`);
  }),
});

const logsCommand = defineCommand({
  meta: { name: "logs", description: "A server's log (-f: follow it until the server stops or Ctrl-C).\nExample: punie mlx logs a1b2c3 -f" },
  args: {
    id: { type: "positional", description: "Server id", required: false, valueHint: "ID" },
    port: value("The server on this port", "PORT"),
    follow: { type: "boolean", alias: "f", description: "Keep printing what is added" },
  },
  run: cliAction(async ({ args }) => {
    const port = parsePort(args.port, "punie mlx logs");
    if (args.id === undefined && port === undefined) throw new UsageError("punie mlx logs: name a server: ID or --port P");
    const servers = await liveServers();
    servers.close();
    const all = [...servers.live, ...servers.stopped];
    const [record] = select(all, args.id, port, "punie mlx logs");
    if (!record) return 1;
    const file = Bun.file(record.logPath);
    if (!(await file.exists())) throw new CliError(`punie mlx logs: ${record.logPath} is gone`);
    let offset = 0;
    const flush = async () => {
      const size = Bun.file(record.logPath).size;
      if (size > offset) {
        process.stdout.write(await Bun.file(record.logPath).slice(offset, size).text());
        offset = size;
      }
    };
    await flush();
    if (!args.follow || record.stoppedAt !== null) return 0;
    const { isServerAlive } = await import("../mlx/status.ts");
    while (isServerAlive(record.pid)) {
      await Bun.sleep(250);
      await flush();
    }
    await flush();
    return 0;
  }),
});

export const mlxCommand = defineCommand({
  meta: { name: "mlx", description: "The mlx_lm model server on this Mac: start, stop, status, logs (punie serve is the dashboard).\nExample: punie mlx start -m mlx-community/Qwen2.5-Coder-7B-Instruct-8bit --adapter adapters/mine" },
  subCommands: { start: startCommand, stop: stopCommand, status: statusCommand, logs: logsCommand },
});
