/**
 * One "agent" process of bench/serve.ts: opens N sessions in the shared database and streams
 * updates through the session runner's live log (the path every punie process writes by), each
 * carrying the time it was written.
 *
 *   bun bench/serve-writer.ts SESSIONS UPDATES INTERVAL_MS   (PUNIE_HOME set by the caller)
 * Prints `ready` once its sessions exist, then starts streaming on the first line of stdin.
 */
import { openLiveLog } from "../src/session/live-log.ts";
import { claimSession, defaultStorePath, openStore } from "../src/store/index.ts";

const [sessions = 5, updates = 10, intervalMs = 100] = process.argv.slice(2).map(Number);
const store = openStore({ path: defaultStorePath(process.env), log: { warn: (message) => console.error(message) } });
if (!store) process.exit(1);
const logs = Array.from({ length: sessions }, () => {
  const id = crypto.randomUUID();
  claimSession(store, { id, cwd: process.cwd(), source: "acp", model: "bench", mode: null, title: `bench ${process.pid}`, pid: process.pid, status: "running" });
  return openLiveLog(store, id);
});
// Start together: the bench measures streaming, not 20 processes starting on a few cores.
console.log("ready");
for await (const _ of console) break;
// Spread the processes' writes over the interval instead of all at once.
await Bun.sleep(Math.random() * intervalMs);
for (let index = 0; index < updates; index++) {
  for (const log of logs) log.update({ sessionUpdate: "agent_message_chunk", content: { type: "text", text: `t=${performance.timeOrigin + performance.now()}` } });
  await Bun.sleep(intervalMs);
}
for (const log of logs) log.close();
store.close();
