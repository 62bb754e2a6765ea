/**
 * Is this a plain agent start? Checked before anything heavy loads: `punie` (what an IDE runs)
 * goes straight to the agent, every other command to the CLI, neither paying for the other.
 */
import { parseArgs } from "node:util";
import { acpArgs } from "./acp-args.ts";

export type AcpFlags = { [K in keyof typeof acpArgs]?: string | undefined };

const OPTIONS = Object.fromEntries(
  Object.entries(acpArgs).map(([name, def]) => [name, { type: "string" as const, ...("alias" in def ? { short: def.alias } : {}) }]),
);

/**
 * The flags when argv is a plain agent start (`punie [acp] [--model X …]`), else null (help,
 * version, other subcommands, unknown flags: the strict CLI answers those).
 */
export function agentStartFlags(argv: readonly string[]): AcpFlags | null {
  const rest = argv[0] === "acp" ? argv.slice(1) : argv;
  try {
    const { values, positionals } = parseArgs({ args: [...rest], options: OPTIONS, strict: true, allowPositionals: true });
    return positionals.length === 0 ? (values as AcpFlags) : null;
  } catch {
    return null;
  }
}
