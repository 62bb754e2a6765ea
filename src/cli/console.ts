/**
 * The human console for every command: always stderr (consola's default sends info to stdout,
 * which belongs to results — and to JSON-RPC in ACP mode).
 */
import { createConsola } from "consola";

export const cliConsole = createConsola({ stdout: process.stderr, stderr: process.stderr });
