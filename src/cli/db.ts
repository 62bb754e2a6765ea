/** `punie db`: upkeep of the shared database (~/.punie/punie.db). */
import { defineCommand } from "citty";
import { parseSpan } from "../duration.ts";
import { CliError } from "../errors.ts";
import { formatBytes } from "../format.ts";
import { cliAction } from "./action.ts";
import { UsageError } from "./strict.ts";
import { openStoreForCli, stderrConsola as consola } from "./permissions.ts";

const pruneCommand = defineCommand({
  meta: {
    name: "prune",
    description:
      "Remove sessions not active for a while, with their history and events (running sessions are kept), then compact the database. Prints what it freed.\nExample: punie db prune --older-than 90d",
  },
  args: {
    "older-than": { type: "string", description: "Age of the sessions to remove: a span such as 90d, 12w or 48h", valueHint: "SPAN", required: true },
    json: { type: "boolean", description: "Print the report as JSON" },
  },
  run: cliAction(async ({ args }) => {
    const span = args["older-than"];
    const age = parseSpan(span);
    if (age === null) throw new UsageError(`--older-than must be a span such as 90d, 12w or 48h, not "${span}".`);
    const before = Date.now() - age;
    const store = openStoreForCli();
    try {
      const { pruneSessions } = await import("../store/prune.ts");
      const { isProcessAlive, ownerGone } = await import("../http/liveness.ts");
      const now = Date.now();
      const report = pruneSessions(store, before, (session) => session.status !== null && session.status !== "ended" && !ownerGone(session, now, isProcessAlive));
      if (!store.healthy) throw new CliError(`Could not prune ${store.path}; see the warning above.`);
      const freed = Math.max(0, report.bytesBefore - report.bytesAfter);
      if (args.json) process.stdout.write(`${JSON.stringify({ ...report, bytesFreed: freed })}\n`);
      else process.stdout.write(`Removed ${report.sessions} session${report.sessions === 1 ? "" : "s"} (${report.turns} turns, ${report.events} events); freed ${formatBytes(freed)} (${formatBytes(report.bytesAfter)} left).\n`);
      if (report.sessions === 0) consola.info(`No session was inactive for ${span}.`);
    } finally {
      store.close();
    }
  }),
});

export const dbCommand = defineCommand({
  meta: { name: "db", description: "Upkeep of Punie's database (~/.punie/punie.db, moved by PUNIE_HOME).\nExample: punie db prune --older-than 90d" },
  subCommands: { prune: pruneCommand },
});
