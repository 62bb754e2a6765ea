/**
 * The common settings file — a model, a mode, limits, timeouts, no permission rules — checked
 * without zod: `punie ask` then answers without loading it (zod-loader.ts). Anything else, and
 * every mistake, goes to the zod schema (schema.ts), which decides and words the error.
 * test/settings/plain.test.ts holds the two to agreement: whatever this accepts, zod accepts and
 * returns unchanged.
 */
import { isPermissionMode } from "../permissions/modes.ts";
import type { SettingsFile } from "./schema.ts";

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === "string";
const nonEmpty: Check = (value) => typeof value === "string" && value.length > 0;
const intFrom =
  (min: number): Check =>
  (value) =>
    Number.isSafeInteger(value) && (value as number) >= min;

const LIMITS: Record<string, Check> = { maxRequests: intFrom(1), toolRetries: intFrom(0), emptyAnswerRetries: intFrom(0), repairRetries: intFrom(0) };
const TIMEOUTS: Record<string, Check> = { modelListMs: intFrom(1), mcpConnectMs: intFrom(1), discoverToolsMs: intFrom(1) };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

const section =
  (checks: Record<string, Check>): Check =>
  (value) =>
    isPlainObject(value) && Object.entries(value).every(([key, item]) => Object.hasOwn(checks, key) && (checks[key] as Check)(item));

// `permissions` is not here: rules always go through zod.
const FILE: Record<string, Check> = {
  $schema: isString,
  model: nonEmpty,
  mode: isPermissionMode,
  instructions: isString,
  contextWindow: intFrom(1),
  pythonCheck: (value) => typeof value === "boolean",
  limits: section(LIMITS),
  timeouts: section(TIMEOUTS),
};

/** The parsed JSON as a SettingsFile when it is a plain valid one, else null (let zod decide). */
export function plainSettings(json: unknown): SettingsFile | null {
  return section(FILE)(json) ? (json as SettingsFile) : null;
}
