/** Sampling, timeouts and retries of a chat model, with their PUNIE_* environment overrides. */
import { ConfigError } from "../errors.ts";

export type ModelOptions = {
  temperature: number;
  maxTokens: number;
  /** Until the server answers (or, when it accepted the connection, until its first token). */
  connectTimeoutMs: number;
  /** Until the first token: local prefill of a long prompt can take minutes. */
  firstTokenTimeoutMs: number;
  /** Longest silence between two chunks once the reply has started. */
  chunkTimeoutMs: number;
  /** Retries on connection errors and 5xx, never after the first token was emitted. */
  retries: number;
  /** First retry delay; doubles each retry. */
  retryDelayMs: number;
  /** Nucleus sampling; sent only when set (PUNIE_TOP_P; eval grids vary it per run). */
  topP?: number;
  /** mlx_lm / vLLM `repetition_penalty`; sent only when set (PUNIE_REPETITION_PENALTY). */
  repetitionPenalty?: number;
  /** Replaces global fetch (tests). */
  fetch?: typeof fetch;
};

export const DEFAULT_MODEL_OPTIONS: ModelOptions = {
  temperature: 0,
  maxTokens: 4096,
  connectTimeoutMs: 10_000,
  firstTokenTimeoutMs: 300_000,
  chunkTimeoutMs: 60_000,
  retries: 2,
  retryDelayMs: 500,
};

/** Which variable sets which option; error messages name the variable to raise. */
export const MODEL_OPTION_ENV = {
  temperature: "PUNIE_TEMPERATURE",
  maxTokens: "PUNIE_MAX_TOKENS",
  connectTimeoutMs: "PUNIE_CONNECT_TIMEOUT_MS",
  firstTokenTimeoutMs: "PUNIE_FIRST_TOKEN_TIMEOUT_MS",
  chunkTimeoutMs: "PUNIE_CHUNK_TIMEOUT_MS",
  retries: "PUNIE_MODEL_RETRIES",
} as const;

type NumericOption = keyof typeof MODEL_OPTION_ENV;

/** Sampling values that have no default: a server's own applies unless one is set. */
export const OPTIONAL_SAMPLING_ENV = { topP: "PUNIE_TOP_P", repetitionPenalty: "PUNIE_REPETITION_PENALTY" } as const;

type Rule = { integer?: boolean; min: number; max: number; describe: string };

const RULES: Record<NumericOption, Rule> = {
  temperature: { min: 0, max: 2, describe: "a number from 0 to 2" },
  maxTokens: { integer: true, min: 1, max: 10_000_000, describe: "a positive whole number" },
  connectTimeoutMs: { integer: true, min: 1, max: 86_400_000, describe: "a positive number of milliseconds" },
  firstTokenTimeoutMs: { integer: true, min: 1, max: 86_400_000, describe: "a positive number of milliseconds" },
  chunkTimeoutMs: { integer: true, min: 1, max: 86_400_000, describe: "a positive number of milliseconds" },
  retries: { integer: true, min: 0, max: 20, describe: "a whole number from 0 to 20" },
};

const OPTIONAL_RULES: Record<keyof typeof OPTIONAL_SAMPLING_ENV, Rule> = {
  topP: { min: 0.000001, max: 1, describe: "a number above 0 and at most 1" },
  repetitionPenalty: { min: 0.000001, max: 10, describe: "a number above 0 and at most 10" },
};

/**
 * Reads the PUNIE_* overrides; unset or empty variables keep the defaults.
 *
 * @example
 * modelOptionsFromEnv({ PUNIE_FIRST_TOKEN_TIMEOUT_MS: "600000" }).firstTokenTimeoutMs // 600000
 */
export function modelOptionsFromEnv(env: Record<string, string | undefined>): ModelOptions {
  const options: ModelOptions = { ...DEFAULT_MODEL_OPTIONS };
  for (const key of Object.keys(MODEL_OPTION_ENV) as NumericOption[]) {
    const value = numberFromEnv(env, MODEL_OPTION_ENV[key], RULES[key]);
    if (value !== undefined) options[key] = value;
  }
  for (const key of Object.keys(OPTIONAL_SAMPLING_ENV) as Array<keyof typeof OPTIONAL_SAMPLING_ENV>) {
    const value = numberFromEnv(env, OPTIONAL_SAMPLING_ENV[key], OPTIONAL_RULES[key]);
    if (value !== undefined) options[key] = value;
  }
  return options;
}

/** The variable's value within its rule, undefined when unset or empty. */
function numberFromEnv(env: Record<string, string | undefined>, name: string, rule: Rule): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value)) || value < rule.min || value > rule.max) {
    throw new ConfigError(`${name} must be ${rule.describe}, not "${raw}".`);
  }
  return value;
}
