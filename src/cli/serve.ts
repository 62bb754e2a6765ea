/**
 * `punie serve`: the HTTP API and live dashboard (docs/serve.md). The http modules load only
 * here, so `punie` itself starts as fast as before.
 */
import { resolve } from "node:path";
import { defineCommand } from "citty";
import { parseModelSpec } from "../model/spec.ts";
import { cliAction } from "./action.ts";
import { UsageError } from "./strict.ts";
import { cliConsole } from "./console.ts";

const DEFAULT_PORT = 8000;

export const serveCommand = defineCommand({
  meta: {
    name: "serve",
    description: [
      "Serve the HTTP API and a live dashboard of every running punie agent (sessions of all processes, live transcripts, permissions, cancel, perf).",
      "Loopback only unless --host names another address, which requires --token.",
      "Example: punie serve --port 8000 --open",
    ].join("\n"),
  },
  args: {
    host: { type: "string", description: "Address to listen on (default 127.0.0.1)", valueHint: "ADDR" },
    port: { type: "string", description: `Port (default ${DEFAULT_PORT}; 0 picks a free one)`, valueHint: "N" },
    model: { type: "string", alias: "m", description: "Model spec for sessions started here (env PUNIE_MODEL; see `punie --help`)", valueHint: "SPEC" },
    stdio: { type: "boolean", description: "Also run the ACP agent on stdio in this process (default --no-stdio)" },
    token: { type: "string", description: "Require this token (Bearer header or the /login cookie) on every request but /health", valueHint: "T" },
    open: { type: "boolean", description: "Open the dashboard in the default browser" },
    workspace: { type: "string", alias: "w", description: "Folder pre-filled for new sessions (default: the current directory)", valueHint: "DIR" },
  },
  run: cliAction(async ({ args }) => {
    const env = process.env;
    const host = args.host ?? "127.0.0.1";
    const port = parsePort(args.port);
    const token = args.token ?? null;
    if (token !== null && token.length < 8) throw new UsageError("--token must be at least 8 characters.");
    const spec = args.model ?? env.PUNIE_MODEL ?? "local";
    parseModelSpec(spec, env);
    const { isLoopbackHost, generateToken } = await import("../http/security.ts");
    if (!isLoopbackHost(host) && token === null) {
      throw new UsageError(`Listening on ${host} exposes your agents to the network: add --token (for example --token ${generateToken()}).`);
    }
    const { startServer } = await import("../http/server.ts");
    const server = await startServer({ host, port, token, modelSpec: spec, env, workspace: resolve(args.workspace ?? process.cwd()), log: (message) => cliConsole.warn(message) });
    process.stderr.write(`punie serve: ${server.url}\n`);
    if (token !== null) process.stderr.write(`punie serve: log in at ${server.url}login?token=${encodeURIComponent(token)}\n`);
    if (args.open) openBrowser(token === null ? server.url : `${server.url}login?token=${encodeURIComponent(token)}`);
    const stop = async () => {
      await server.stop();
      process.exit(0);
    };
    process.once("SIGINT", () => void stop());
    process.once("SIGTERM", () => void stop());
    if (args.stdio) {
      // Dual mode: the IDE's ACP agent on stdio; when the IDE closes stdin the process ends.
      const { runAcpFromArgs } = await import("./acp-run.ts");
      await runAcpFromArgs({ model: spec });
    }
    await new Promise(() => {});
  }),
});

export function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${text}".`);
  return port;
}

function openBrowser(url: string): void {
  const command = process.platform === "darwin" ? ["open", url] : process.platform === "win32" ? ["cmd", "/c", "start", "", url] : ["xdg-open", url];
  try {
    Bun.spawn(command, { stdout: "ignore", stderr: "ignore", stdin: "ignore" }).unref();
  } catch {
    cliConsole.warn(`Could not open a browser; visit ${url}`);
  }
}
