/**
 * Settings rules as data (STYLE.md §3): command rules (a program, optionally a glob over its
 * arguments), path rules (globs relative to the workspace) and tool rules (globs over tool names).
 * Deny rules match broadly and allow rules narrowly, so a near miss always errs towards asking.
 */
import { basename, isAbsolute, relative, sep } from "node:path";
import type { z } from "zod";
import { lazySchema, type ZodApi } from "../zod-loader.ts";

/**
 * The schemas are built on first use, not when the module loads: zod objects cost start-up time
 * (`punie ask` without a settings file never parses a rule).
 */
function buildRuleSchemas(z: ZodApi) {
  const reason = z.string().min(1).describe("Why the rule exists; shown to the model when the rule denies");
  const command = z.strictObject({
    command: z
      .string()
      .min(1)
      .refine((s) => !/\s/.test(s), "a program name, without spaces or arguments (put those in `args`)")
      .describe("Program name as typed (`git`), or a path (`./gradlew`)"),
    args: z.string().describe("Glob over the arguments joined by single spaces; `*` matches anything").optional(),
    reason: reason.optional(),
  });
  const path = z.strictObject({
    path: z.string().min(1).describe("Glob relative to the workspace (`src/**`, `**/.env`), or an absolute glob"),
    actions: z
      .array(z.enum(["read", "edit"]))
      .min(1)
      .describe("What the rule covers: `read` (reading, listing, searching, command and MCP arguments), `edit` (default: both)")
      .optional(),
    reason: reason.optional(),
  });
  const tool = z.strictObject({
    tool: z.string().min(1).describe("Glob over tool names, e.g. `mcp__github__*`"),
    reason: reason.optional(),
  });
  return { command, path, tool };
}

type RuleSchemas = ReturnType<typeof buildRuleSchemas>;
const ruleSchemas = lazySchema(buildRuleSchemas);

export type CommandRule = z.infer<RuleSchemas["command"]>;
export type PathRule = z.infer<RuleSchemas["path"]>;
export type ToolRule = z.infer<RuleSchemas["tool"]>;
export type Rule = CommandRule | PathRule | ToolRule;

const RULE_KINDS = ["command", "path", "tool"] as const;

/**
 * One rule. Which schema applies is decided by which of `command`, `path`, `tool` is present, so
 * errors speak about that kind only (a union would report every alternative's complaints).
 */
export const ruleSchema: () => z.ZodType<Rule, unknown> = lazySchema((z) =>
  z.unknown().transform((value, ctx): Rule => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      ctx.addIssue({ code: "custom", message: "a rule is an object such as {\"command\": \"rm\"} or {\"path\": \"**/.env\"}" });
      return z.NEVER;
    }
    const present = RULE_KINDS.filter((key) => key in value);
    if (present.length !== 1) {
      const known = new Set(["command", "args", "path", "actions", "tool", "reason"]);
      const unknown = Object.keys(value).filter((k) => !known.has(k));
      if (unknown.length > 0) ctx.addIssue({ code: "unrecognized_keys", keys: unknown, input: value as Record<string, unknown>, message: "unknown key" });
      ctx.addIssue({
        code: "custom",
        message:
          present.length === 0
            ? "a rule needs one of `command`, `path` or `tool`"
            : `a rule has exactly one of \`command\`, \`path\` or \`tool\` (found ${present.map((k) => `\`${k}\``).join(", ")})`,
      });
      return z.NEVER;
    }
    const schema = ruleSchemas()[present[0] as (typeof RULE_KINDS)[number]];
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, input: value } as never);
    return z.NEVER;
  }),
);

/** A rule with where it came from, so a refusal can name it. */
export type SourcedRule = {
  rule: Rule;
  /** The settings file as shown to people, e.g. `.punie/settings.json`. */
  file: string;
  /** Where in the file, e.g. `permissions.deny[1]`. */
  at: string;
};

export type PermissionRules = { allow: readonly SourcedRule[]; deny: readonly SourcedRule[] };

export const NO_RULES: PermissionRules = { allow: [], deny: [] };

export function isCommandRule(rule: Rule): rule is CommandRule {
  return "command" in rule;
}
export function isPathRule(rule: Rule): rule is PathRule {
  return "path" in rule;
}
export function isToolRule(rule: Rule): rule is ToolRule {
  return "tool" in rule;
}

/** "permissions.deny[0] {"command":"rm"} in `.punie/settings.json`" — for messages the model reads. */
export function describeRule(sourced: SourcedRule): string {
  const { reason: why, ...shape } = sourced.rule;
  const text = `${sourced.at} ${JSON.stringify(shape)} in \`${sourced.file}\``;
  return why === undefined ? text : `${text} (${why})`;
}

export type Side = "allow" | "deny";
export type ProgramCall = { program: string; args: readonly string[] };

/**
 * Deny rules match the program's base name (`rm` denies `/bin/rm` and `./rm`); allow rules match
 * the program exactly as typed (`git` does not allow `./git`, a script that may be anything).
 */
export function commandRuleMatches(rule: CommandRule, call: ProgramCall, side: Side): boolean {
  const programMatches =
    side === "deny" ? basename(call.program) === basename(rule.command) : call.program === rule.command;
  return programMatches && (rule.args === undefined || argsGlobMatches(rule.args, call.args));
}

/**
 * `*` matches any text (slashes and spaces included), `?` one character, `\` escapes. A pattern
 * ending in " *" also matches nothing after it, so `push *` covers a bare `git push`.
 */
export function argsGlobMatches(pattern: string, args: readonly string[]): boolean {
  const optionalTail = pattern.endsWith(" *") && !pattern.endsWith("\\ *");
  const body = optionalTail ? pattern.slice(0, -2) : pattern;
  let source = "";
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char === "\\" && i + 1 < body.length) source += escapeRegExp(body[++i] as string);
    else if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}${optionalTail ? "(?: .*)?" : ""}$`, "s").test(args.join(" "));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/**
 * A path rule matches a path or any folder above it (`secrets` covers `secrets/key.pem`), relative
 * to each workspace root the path is inside, or absolutely when the glob is absolute. Deny rules
 * ignore case: on a case-insensitive disk `.ENV` is `.env`.
 */
export function pathRuleMatches(rule: PathRule, absPath: string, roots: readonly string[], side: Side): boolean {
  const fold = (s: string) => (side === "deny" ? s.toLowerCase() : s);
  const glob = compiledGlob(rule, side);
  const candidates = isAbsolute(rule.path)
    ? [absPath]
    : roots.map((root) => relative(root, absPath)).filter((rel) => rel !== "" && !rel.startsWith("..") && !isAbsolute(rel));
  return candidates.some((candidate) => selfAndParents(candidate).some((p) => glob.match(fold(p))));
}

/** Globs compiled once per rule: listings and searches check every entry against every rule. */
const globs = new WeakMap<PathRule, Partial<Record<Side, Bun.Glob>>>();

function compiledGlob(rule: PathRule, side: Side): Bun.Glob {
  const cached = globs.get(rule) ?? {};
  const glob = cached[side] ?? new Bun.Glob(side === "deny" ? rule.path.toLowerCase() : rule.path);
  cached[side] = glob;
  globs.set(rule, cached);
  return glob;
}

function selfAndParents(path: string): string[] {
  const parts = path.split(sep).filter((part) => part !== "");
  const absolute = path.startsWith(sep);
  return parts.map((_, i) => (absolute ? sep : "") + parts.slice(0, i + 1).join("/"));
}

export type PathAction = "read" | "edit";

/** A path rule without `actions` covers both reading and editing. */
export function pathRuleCovers(rule: PathRule, action: PathAction): boolean {
  return rule.actions === undefined || rule.actions.includes(action);
}

export function toolRuleMatches(rule: ToolRule, toolName: string): boolean {
  return new Bun.Glob(rule.tool).match(toolName);
}
