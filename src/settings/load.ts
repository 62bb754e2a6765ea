/**
 * Resolves settings: flag > env > project `.punie/settings.json` > `~/.punie/settings.json` >
 * defaults. A missing file is fine; an unreadable, non-JSON or invalid one is a ConfigError naming
 * the file and the key. Rules from both files combine (a deny from either wins over any allow).
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { punieHome } from "../home.ts";
import { join, resolve } from "node:path";
import { DEFAULT_LIMITS } from "../agent/loop.ts";
import { ConfigError, errorMessage } from "../errors.ts";
import { DEFAULT_PERMISSION_MODE, PERMISSION_MODE_IDS, type PermissionMode, parseMode } from "../permissions/modes.ts";
import type { PermissionRules, SourcedRule } from "../permissions/rules.ts";
import { describeIssues } from "./issues.ts";
import { type SettingsFile, type SettingsLimits, type SettingsTimeouts, settingsSchemas } from "./schema.ts";
import { loadZod } from "../zod-loader.ts";
import { plainSettings } from "./plain.ts";

export const MODEL_ENV = "PUNIE_MODEL";
/** The permission mode. (PUNIE_MODE is the instruction set, `acp` or `local`: issue 4.) */
export const MODE_ENV = "PUNIE_PERMISSION_MODE";
export const PROJECT_SETTINGS_PATH = ".punie/settings.json";

export const DEFAULT_CONTEXT_WINDOW = 32_768;
export const DEFAULT_TIMEOUTS: SettingsTimeouts = {
  modelListMs: 3_000,
  mcpConnectMs: 10_000,
  discoverToolsMs: 2_000,
};

export type SettingSource = "flag" | "env" | "project" | "user" | "default";

export type SettingsFlags = { model?: string | undefined; mode?: string | undefined };

export type LoadSettingsOptions = {
  /** Absolute workspace directory (holds `.punie/settings.json`). */
  workspace: string;
  env: Readonly<Record<string, string | undefined>>;
  flags?: SettingsFlags;
};

export type ResolvedSettings = {
  /** undefined: no setting anywhere; the front end uses its own default spec. */
  model: string | undefined;
  mode: PermissionMode;
  /** Extra instructions: the user file's, then the project's, separated by a blank line. */
  instructions: string;
  contextWindow: number;
  /** undefined: the front end's default (on for `punie ask`, off in the IDE). */
  pythonCheck: boolean | undefined;
  rules: PermissionRules;
  limits: SettingsLimits;
  timeouts: SettingsTimeouts;
  /** Where model and mode came from (for logs and `/mode`). */
  sources: { model: SettingSource; mode: SettingSource };
  /** The settings files that exist and were read, as shown to people. */
  loadedFiles: string[];
};


export function userSettingsPath(env: Readonly<Record<string, string | undefined>>): string {
  return join(punieHome(env), "settings.json");
}

export async function loadSettings(options: LoadSettingsOptions): Promise<ResolvedSettings> {
  const { env, flags = {} } = options;
  const userPath = resolve(userSettingsPath(env));
  const projectPath = resolve(options.workspace, PROJECT_SETTINGS_PATH);
  const home = env.HOME || homedir();
  const userShown = userPath.startsWith(`${home}/`) ? `~/${userPath.slice(home.length + 1)}` : userPath;
  const user = await readSettingsFile(userPath, userShown);
  // A workspace that is the home folder would read the same file twice and double its rules.
  const project = projectPath === userPath ? null : await readSettingsFile(projectPath, PROJECT_SETTINGS_PATH);

  const pick = <T>(fromFlag: T | undefined, fromEnv: T | undefined, key: "model" | "mode") => {
    const candidates: [SettingSource, T | undefined][] = [
      ["flag", fromFlag],
      ["env", fromEnv],
      ["project", project?.settings[key] as T | undefined],
      ["user", user?.settings[key] as T | undefined],
    ];
    const found = candidates.find(([, value]) => value !== undefined);
    return found ? { value: found[1] as T, source: found[0] } : null;
  };
  const model = pick(nonEmpty(flags.model), nonEmpty(env[MODEL_ENV]), "model");
  const mode = pick(modeFrom(flags.mode, "--mode"), modeFrom(modeEnv(env), MODE_ENV), "mode");
  const files = [user, project].filter((f) => f !== null);

  return {
    model: model?.value,
    mode: mode?.value ?? DEFAULT_PERMISSION_MODE,
    instructions: files
      .map((f) => f.settings.instructions?.trim() ?? "")
      .filter((text) => text !== "")
      .join("\n\n"),
    contextWindow: project?.settings.contextWindow ?? user?.settings.contextWindow ?? DEFAULT_CONTEXT_WINDOW,
    pythonCheck: project?.settings.pythonCheck ?? user?.settings.pythonCheck,
    rules: {
      allow: files.flatMap((f) => sourced(f, "allow")),
      deny: files.flatMap((f) => sourced(f, "deny")),
    },
    limits: { ...DEFAULT_LIMITS, ...defined(user?.settings.limits), ...defined(project?.settings.limits) },
    timeouts: { ...DEFAULT_TIMEOUTS, ...defined(user?.settings.timeouts), ...defined(project?.settings.timeouts) },
    sources: { model: model?.source ?? "default", mode: mode?.source ?? "default" },
    loadedFiles: files.map((f) => f.shown),
  };
}

type LoadedFile = { shown: string; settings: SettingsFile };

/** Parses one settings file; null when it does not exist. */
export async function readSettingsFile(path: string, shown: string): Promise<LoadedFile | null> {
  let text: string;
  try {
    // Sync: a small file read on the way to the first request, without a thread pool round trip.
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new ConfigError(`\`${shown}\`: cannot be read (${errorMessage(error)})`);
  }
  const json = settingsJson(text, shown);
  // A plain file is checked without zod; anything else waits for it (zod-loader.ts).
  const plain = plainSettings(json);
  if (plain) return { shown, settings: plain };
  await loadZod();
  return { shown, settings: validateSettings(json, shown) };
}

function settingsJson(text: string, shown: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`\`${shown}\`: not valid JSON (${errorMessage(error)})`);
  }
}

function validateSettings(json: unknown, shown: string): SettingsFile {
  // jitless: a settings file is parsed once or twice per process, and compiling zod's fast path
  // for it costs more (about 3 ms at start-up) than the slower path it replaces.
  const parsed = settingsSchemas().file.safeParse(json, { reportInput: true, jitless: true });
  if (!parsed.success) throw new ConfigError(describeIssues(shown, parsed.error.issues));
  return parsed.data;
}

function sourced(file: LoadedFile, side: "allow" | "deny"): SourcedRule[] {
  return (file.settings.permissions?.[side] ?? []).map((rule, index) => ({
    rule,
    file: file.shown,
    at: `permissions.${side}[${index}]`,
  }));
}

/** The keys that are set (zod types optional keys as `T | undefined`). */
function defined<T extends object>(value: T | undefined): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value ?? {}).filter((entry) => entry[1] !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function modeEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  return nonEmpty(env[MODE_ENV]);
}

function modeFrom(value: string | undefined, where: string): PermissionMode | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  const mode = parseMode(text);
  if (mode === null) throw new ConfigError(`${where}: unknown permission mode "${text}" (one of ${PERMISSION_MODE_IDS.join(", ")})`);
  return mode;
}
