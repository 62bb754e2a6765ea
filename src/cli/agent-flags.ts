/**
 * Is this a plain agent start? Checked before anything heavy loads: `punie` (what an IDE runs)
 * goes straight to the agent, every other command to the CLI, neither paying for the other.
 */
import { parseArgs } from "node:util";

export type AcpFlags = { model?: string | undefined; name?: string | undefined; "log-dir"?: string | undefined; "log-level"?: string | undefined };

const FLAG_NAMES = ["model", "name", "log-dir", "log-level"] as const;

/**
 * The flags when argv is a plain agent start (`punie [acp] [--model X …]`), else null (help,
 * version, other subcommands, unknown flags: citty handles those).
 */
export function agentStartFlags(argv: readonly string[]): AcpFlags | null {
  const rest = argv[0] === "acp" ? argv.slice(1) : argv;
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: Object.fromEntries(FLAG_NAMES.map((name) => [name, { type: "string" as const }])),
      strict: true,
      allowPositionals: true,
    });
    return positionals.length === 0 ? (values as AcpFlags) : null;
  } catch {
    return null;
  }
}
