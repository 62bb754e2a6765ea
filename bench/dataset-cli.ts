/**
 * Runs the CLI without src/main.ts, to separate the dataset code's own cost from the entry
 * point's (main.ts loads the ACP stack before it looks at the subcommand).
 * Usage: bun bench/dataset-cli.ts dataset validate DIR
 */
import { runCli } from "../src/cli/index.ts";

await runCli(process.argv.slice(2));
