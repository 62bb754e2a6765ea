#!/usr/bin/env bun
/** Entry point of the `punie` binary: everything happens in cli/. */
import { runCli } from "./cli/index.ts";

await runCli(process.argv.slice(2));
