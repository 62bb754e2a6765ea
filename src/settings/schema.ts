/**
 * The settings file (`.punie/settings.json`, `~/.punie/settings.json`). Strict: an unknown key is
 * an error, because a typo in a deny rule must never silently disable it.
 */
import type { z } from "zod";
import { PERMISSION_MODE_IDS } from "../permissions/modes.ts";
import { ruleSchema } from "../permissions/rules.ts";
import { lazySchema, type ZodApi } from "../zod-loader.ts";

/**
 * Built on first use, not when the module loads: zod objects cost start-up time, and a run without
 * a settings file (the usual `punie ask`) never parses one.
 */
function buildSettingsSchemas(z: ZodApi) {
  const count = (min: number) => z.int().min(min);
  const millis = z.int().min(1).describe("Milliseconds");
  const limits = z.strictObject({
    maxRequests: count(1).describe("Model requests per prompt before stopping (stop reason max_turn_requests)").optional(),
    toolRetries: count(0).describe("Failed calls of one tool before it is withdrawn for the turn").optional(),
    emptyAnswerRetries: count(0).describe("Times an empty final answer is asked for again").optional(),
    repairRetries: count(0).describe("Times a broken answer is sent back for repair").optional(),
  });
  const timeouts = z.strictObject({
    modelListMs: millis.describe("Listing the server's models for the model picker").optional(),
    mcpConnectMs: millis.describe("Connecting to one MCP server").optional(),
    discoverToolsMs: millis.describe("Waiting for the client's answer to _punie/discover_tools").optional(),
  });
  const permissions = z.strictObject({
    allow: z.array(ruleSchema()).describe("Actions allowed without asking (after deny rules)").optional(),
    deny: z.array(ruleSchema()).describe("Actions refused in every mode").optional(),
  });
  const file = z.strictObject({
    $schema: z.string().describe("Ignored; lets editors find a JSON Schema").optional(),
    model: z.string().min(1).describe("Model spec, e.g. `local:qwen2.5-coder-7b-instruct`").optional(),
    mode: z.enum(PERMISSION_MODE_IDS).describe("Permission mode").optional(),
    instructions: z.string().describe("Extra instructions appended to the agent's own").optional(),
    contextWindow: count(1).describe("Context window in tokens when the server does not report one").optional(),
    pythonCheck: z
      .boolean()
      .describe("Check ```python blocks in answers with Python's parser and ask the model to repair broken ones (default: on in punie ask, off in the IDE)")
      .optional(),
    permissions: permissions.optional(),
    limits: limits.optional(),
    timeouts: timeouts.optional(),
  });
  return { file, permissions, limits, timeouts };
}

type SettingsSchemas = ReturnType<typeof buildSettingsSchemas>;

/** The settings file's schema and those of its sections (zod loaded: zod-loader.ts). */
export const settingsSchemas: () => SettingsSchemas = lazySchema(buildSettingsSchemas);

export type SettingsFile = z.infer<SettingsSchemas["file"]>;
/** Every key set: `Required` alone would keep `| undefined` under exactOptionalPropertyTypes. */
type Complete<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };
export type SettingsLimits = Complete<z.infer<SettingsSchemas["limits"]>>;
export type SettingsTimeouts = Complete<z.infer<SettingsSchemas["timeouts"]>>;

const RULE_KEYS = ["command", "args", "path", "actions", "tool", "reason"];

/** The keys allowed in the object at `path`, for "did you mean" suggestions. */
export function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  const [first] = path;
  const schemas = settingsSchemas();
  if (path.length === 0) return Object.keys(schemas.file.shape);
  if (path.length === 1 && first === "permissions") return Object.keys(schemas.permissions.shape);
  if (path.length === 1 && first === "limits") return Object.keys(schemas.limits.shape);
  if (path.length === 1 && first === "timeouts") return Object.keys(schemas.timeouts.shape);
  if (path.length === 3 && first === "permissions") return RULE_KEYS;
  return [];
}
