/**
 * Reads argv against the command tree before anything runs: finds the command named (loading
 * only that chain of lazy subcommands), checks every level's words strictly (strict.ts), and says
 * whether to show help, the version, a usage error, or run.
 */
import type { ArgsDef, CommandDef, CommandMeta, Resolvable } from "citty";
import { checkComplete, scanLevel, unknownCommand } from "./strict.ts";
import type { UsageInput } from "./usage.ts";

export type Invocation =
  | { kind: "run"; command: string }
  | { kind: "version"; version: string }
  | { kind: "help"; usage: Omit<UsageInput, "color"> }
  | { kind: "usage-error"; message: string; usage: Omit<UsageInput, "color"> | null };

const resolve = async <T>(value: Resolvable<T> | undefined): Promise<T | undefined> =>
  typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;

// citty's CommandDef is generic over its args; the tree holds commands of every shape.
type AnyCommand = CommandDef<ArgsDef>;

export async function readInvocation(main: AnyCommand, argv: readonly string[], program = "punie"): Promise<Invocation> {
  const rootMeta = (await resolve(main.meta)) as CommandMeta | undefined;
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) return { kind: "version", version: rootMeta?.version ?? "" };

  const path = [program];
  let command = main;
  let tokens = [...argv];
  // `punie dataset --help split` asks for help too: of the deepest command named.
  let help = false;
  for (;;) {
    const args = ((await resolve(command.args)) ?? {}) as ArgsDef;
    const subcommands = (await resolve(command.subCommands)) ?? {};
    const names = Object.keys(subcommands);
    const name = path.join(" ");
    const scan = scanLevel(tokens, args, { command: name, hasSubcommands: names.length > 0 });
    help ||= scan.help;
    const usage = async () => describeCommand(command, path, args, subcommands, path.length === 1 ? rootMeta?.version : undefined);
    if (scan.subcommandAt !== null) {
      const word = tokens[scan.subcommandAt] as string;
      const sub = subcommands[word];
      if (sub === undefined) {
        if (help) return { kind: "help", usage: await usage() };
        // `punie --modle test`: the unknown flag explains the stray word better than "unknown command test".
        return { kind: "usage-error", message: scan.problem ?? unknownCommand(word, names, name), usage: null };
      }
      // A mistake before the subcommand word is still a mistake (unless help was asked for).
      if (scan.problem && !help && !tokens.slice(scan.subcommandAt).some(isHelp)) return { kind: "usage-error", message: scan.problem, usage: null };
      command = (await resolve(sub)) as AnyCommand;
      path.push(word);
      tokens = tokens.slice(scan.subcommandAt + 1);
      continue;
    }
    if (help) return { kind: "help", usage: await usage() };
    if (names.length > 0 && !command.run) {
      return { kind: "usage-error", message: `${name}: name a command: ${names.join(", ")}`, usage: await usage() };
    }
    const problem = checkComplete(scan, args, name);
    return problem ? { kind: "usage-error", message: problem, usage: null } : { kind: "run", command: name };
  }
}

const isHelp = (token: string) => token === "--help" || token === "-h";

async function describeCommand(
  command: AnyCommand,
  path: readonly string[],
  args: ArgsDef,
  subcommands: Record<string, Resolvable<AnyCommand>>,
  version: string | undefined,
): Promise<Omit<UsageInput, "color">> {
  const meta = (await resolve(command.meta)) as CommandMeta | undefined;
  const subs = await Promise.all(
    Object.entries(subcommands).map(async ([name, sub]) => {
      const subMeta = (await resolve(((await resolve(sub)) as AnyCommand).meta)) as CommandMeta | undefined;
      return { name, description: subMeta?.description ?? "", hidden: subMeta?.hidden === true };
    }),
  );
  return {
    path: [...path],
    description: meta?.description ?? "",
    version,
    args,
    subcommands: subs.filter((s) => !s.hidden).map(({ name, description }) => ({ name, description })),
  };
}
