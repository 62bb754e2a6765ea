/**
 * Help text for any command (replaces citty's): the full program name on every usage line
 * (`punie dataset split`), examples as written (no version glued on), and ANSI colour only when
 * asked for — the caller passes `color` (stdout is a TTY and NO_COLOR is unset). Pure.
 */
import type { ArgDef, ArgsDef } from "citty";

export type UsageInput = {
  /** ["punie", "dataset", "split"] */
  path: readonly string[];
  description: string;
  /** Shown on the top-level help only. */
  version?: string | undefined;
  args: ArgsDef;
  subcommands: readonly { name: string; description: string }[];
  color: boolean;
};

export function renderUsage(input: UsageInput): string {
  const paint = (code: number) => (text: string) => (input.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const bold = paint(1);
  const cyan = paint(36);
  const gray = paint(90);
  const command = input.path.join(" ");
  const entries = Object.entries(input.args);
  const positionals = entries.filter(([, def]) => def.type === "positional");
  const flags = entries.filter(([, def]) => def.type !== "positional");

  const usage = [command];
  if (flags.length > 0) usage.push("[OPTIONS]");
  for (const [name, def] of positionals) usage.push(isRequired(def) ? `<${positionalName(name, def)}>` : `[${positionalName(name, def)}]`);
  for (const [name, def] of flags) if (def.required === true && def.default === undefined) usage.push(`--${name}${valueHint(name, def)}`);
  if (input.subcommands.length > 0) usage.push(`<${input.subcommands.map((s) => s.name).join("|")}>`);

  const lines: string[] = [];
  if (input.version) lines.push(`${command} ${input.version}`, "");
  lines.push(input.description, "", `${bold("USAGE")}  ${cyan(usage.join(" "))}`);

  if (positionals.length > 0) {
    lines.push("", bold("ARGUMENTS"));
    lines.push(...columns(positionals.map(([name, def]) => [positionalName(name, def), describe(def, isRequired(def), gray)]), cyan));
  }
  const flagRows = flags.map(([name, def]): [string, string] => {
    const aliases = "alias" in def && def.alias !== undefined ? (Array.isArray(def.alias) ? def.alias : [def.alias]) : [];
    const spelled = [...aliases.map((a) => (a.length === 1 ? `-${a}` : `--${a}`)), `--${name}`].join(", ");
    return [`${spelled}${valueHint(name, def)}`, describe(def, def.required === true && def.default === undefined, gray)];
  });
  flagRows.push(["-h, --help", "Show this help"]);
  // The program's own help (the one that shows its version) names the flag that prints it.
  if (input.version) flagRows.push(["-v, --version", "Print the version"]);
  lines.push("", bold("OPTIONS"), ...columns(flagRows, cyan));

  if (input.subcommands.length > 0) {
    lines.push("", bold("COMMANDS"));
    // The first line of a subcommand's description: its example belongs to its own help.
    lines.push(...columns(input.subcommands.map((s) => [s.name, s.description.split("\n")[0] ?? ""]), cyan));
    lines.push("", `Use ${cyan(`${command} <command> --help`)} for the options of a command.`);
  }
  return `${lines.join("\n")}\n`;
}

function isRequired(def: ArgDef): boolean {
  return def.required !== false && def.default === undefined;
}

function positionalName(name: string, def: ArgDef): string {
  return (def.valueHint ?? name).toUpperCase();
}

function valueHint(name: string, def: ArgDef): string {
  if (def.type === "boolean") return "";
  return ` <${def.valueHint ?? name.toUpperCase()}>`;
}

function describe(def: ArgDef, required: boolean, gray: (text: string) => string): string {
  const notes = [required ? "required" : "", def.default !== undefined && def.type !== "boolean" ? `default ${String(def.default)}` : ""].filter(Boolean);
  return [def.description ?? "", notes.length > 0 ? gray(`(${notes.join("; ")})`) : ""].filter(Boolean).join(" ");
}

function columns(rows: readonly (readonly [string, string])[], paintFirst: (text: string) => string): string[] {
  const width = Math.max(...rows.map(([first]) => first.length));
  return rows.map(([first, second]) => `  ${paintFirst(first.padEnd(width))}  ${second}`.trimEnd());
}
