/**
 * Live-dashboard delay: 20 processes × 5 sessions stream updates into one database while an SSE
 * client follows `punie serve`'s /api/events; prints p50/p95/max of the delay from each write
 * (time stamped in the update) to its arrival, and the poll interval it is bounded by.
 *
 *   bun bench/serve.ts [--processes 20] [--sessions 5] [--updates 10]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FEED_INTERVAL_MS } from "../src/http/feed.ts";
import { sseEvents } from "../src/testing/sse-client.ts";
import { percentile } from "../src/perf/percentile.ts";

const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const PROCESSES = flag("processes", 20);
const SESSIONS = flag("sessions", 5);
const UPDATES = flag("updates", 10);
const INTERVAL_MS = 100;

const root = join(import.meta.dir, "..");
const binary = join(root, "dist", "punie");
const command = (await Bun.file(binary).exists()) ? [binary] : [process.execPath, join(root, "src", "main.ts")];
const home = await mkdtemp(join(tmpdir(), "punie-bench-serve-"));
const env = { ...process.env, PUNIE_HOME: home };

const server = Bun.spawn([...command, "serve", "--port", "0", "--model", "test"], { env, stdout: "ignore", stderr: "pipe" });
let stderr = "";
let url = "";
for await (const chunk of server.stderr.pipeThrough(new TextDecoderStream())) {
  stderr += chunk;
  const found = /punie serve: (http:\/\/\S+\/)/.exec(stderr);
  if (found?.[1]) {
    url = found[1];
    break;
  }
}
if (!url) {
  console.error(`punie serve did not start:\n${stderr}`);
  process.exit(1);
}

const expected = PROCESSES * SESSIONS * UPDATES;
const delays: number[] = [];
const controller = new AbortController();
const response = await fetch(`${url}api/events`, { signal: controller.signal });
const reading = (async () => {
  try {
    for await (const event of sseEvents(response)) {
      if (event.event !== "update") continue;
      const text = (JSON.parse(event.data) as { update: { content?: { text?: string } } }).update.content?.text ?? "";
      const sentAt = Number(/^t=([\d.]+)$/.exec(text)?.[1]);
      if (Number.isFinite(sentAt)) delays.push(performance.timeOrigin + performance.now() - sentAt);
      if (delays.length >= expected) break;
    }
  } catch {
    // Aborted after the deadline.
  }
})();

const writers = Array.from({ length: PROCESSES }, () =>
  Bun.spawn([process.execPath, join(import.meta.dir, "serve-writer.ts"), String(SESSIONS), String(UPDATES), String(INTERVAL_MS)], { env, stdin: "pipe", stdout: "pipe", stderr: "inherit" }),
);
for (const writer of writers) {
  const { value } = await writer.stdout.getReader().read();
  if (!new TextDecoder().decode(value).includes("ready")) throw new Error("a writer failed to start");
}
const started = performance.now();
for (const writer of writers) {
  writer.stdin.write("go\n");
  writer.stdin.flush();
}
await Promise.all(writers.map((writer) => writer.exited));
const deadline = setTimeout(() => controller.abort(), 5000);
await reading;
clearTimeout(deadline);
controller.abort();
const elapsed = performance.now() - started;
server.kill("SIGTERM");
await server.exited;
await rm(home, { recursive: true, force: true });

const ms = (value: number | null) => (value === null ? "–" : `${value.toFixed(1)} ms`);
console.log(`${PROCESSES} processes × ${SESSIONS} sessions × ${UPDATES} updates: ${delays.length}/${expected} events arrived in ${(elapsed / 1000).toFixed(1)} s`);
console.log(`write → SSE delay: p50 ${ms(percentile(delays, 50))}  p95 ${ms(percentile(delays, 95))}  max ${ms(delays.length ? Math.max(...delays) : null)}  (file watch, else a poll every ${FEED_INTERVAL_MS} ms)`);
if (delays.length < expected) process.exit(1);
