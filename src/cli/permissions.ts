/** `punie permissions`: the "always allow in this project" answers saved per project directory. */
import { resolve } from "node:path";
import { defineCommand } from "citty";
import { CliError } from "../errors.ts";
import { clearProjectRules, defaultStorePath, listProjectRules, openStore, type Store } from "../store/index.ts";
import { cliAction } from "./action.ts";
import { UsageError } from "./strict.ts";

/** consola prints info and success on stdout by default; in these commands stdout carries only results. */
export { cliConsole as stderrConsola } from "./console.ts";
import { cliConsole as stderrConsola } from "./console.ts";
const consola = stderrConsola;

const listCommand = defineCommand({
  meta: {
    name: "list",
    description:
      "List the saved project permissions (\"always allow in this project\"): every project, or one with --workspace.\nExample: punie permissions list -w ~/code/app",
  },
  args: {
    workspace: { type: "string", alias: "w", description: "Only this project directory", valueHint: "DIR" },
    json: { type: "boolean", description: "Print JSON" },
  },
  run: cliAction(async ({ args }) => {
    const store = openStoreForCli();
    try {
      const rules = listProjectRules(store, args.workspace === undefined ? undefined : resolve(args.workspace));
      if (!store.healthy) throw new CliError(`Could not read ${store.path}.`);
      if (args.json) {
        process.stdout.write(`${JSON.stringify(rules.map((rule) => ({ ...rule, createdAt: new Date(rule.createdAt).toISOString() })), null, 2)}\n`);
        return;
      }
      if (rules.length === 0) {
        consola.info(args.workspace ? `No saved permissions for ${resolve(args.workspace)}.` : "No saved project permissions.");
        return;
      }
      for (const [project, projectRules] of Map.groupBy(rules, (rule) => rule.project)) {
        process.stdout.write(`${project}\n`);
        for (const rule of projectRules) process.stdout.write(`  ${rule.action.padEnd(8)} ${rule.tool}  (since ${new Date(rule.createdAt).toISOString().slice(0, 10)})\n`);
      }
    } finally {
      store.close();
    }
  }),
});

const clearCommand = defineCommand({
  meta: {
    name: "clear",
    description:
      "Remove saved project permissions: of the current directory's project, of --workspace DIR, or of every project with --all. Punie asks again next time.\nExample: punie permissions clear -w ~/code/app",
  },
  args: {
    workspace: { type: "string", alias: "w", description: "The project directory (default: the current directory)", valueHint: "DIR" },
    all: { type: "boolean", description: "Remove the saved permissions of every project" },
  },
  run: cliAction(async ({ args }) => {
    if (args.all && args.workspace) throw new UsageError("Give either --workspace DIR or --all, not both.");
    const project = args.all ? undefined : resolve(args.workspace ?? ".");
    const store = openStoreForCli();
    try {
      const removed = clearProjectRules(store, project);
      if (!store.healthy) throw new CliError(`Could not update ${store.path}.`);
      consola.success(`Removed ${removed} saved permission${removed === 1 ? "" : "s"}${project ? ` for ${project}` : ""}.`);
      process.stdout.write(`${removed}\n`);
    } finally {
      store.close();
    }
  }),
});

export const permissionsCommand = defineCommand({
  meta: {
    name: "permissions",
    description:
      "Show or remove the permissions saved with \"always allow in this project\" (stored per project directory in ~/.punie/punie.db).\nExample: punie permissions list --json",
  },
  subCommands: { list: listCommand, clear: clearCommand },
});

/** The commands need the database: one that cannot be opened is an error here, not a warning. */
export function openStoreForCli(): Store {
  const warnings: string[] = [];
  const store = openStore({ path: defaultStorePath(process.env), log: { warn: (message) => warnings.push(message) } });
  // The store's warning is worded for the agent, which carries on; this command stops (exit 1).
  if (!store) throw new CliError(warnings.join(" ").replace(/; continuing without history\.$/, ".") || "Punie's database could not be opened.");
  return store;
}
