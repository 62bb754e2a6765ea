/**
 * Model specs (`--model` / PUNIE_MODEL) → where to send chat requests. Pure: the environment
 * comes in as a parameter so tests and the CLI decide what it holds.
 */
import { ConfigError } from "../errors.ts";

export type ModelProvider = "local" | "ollama" | "mlx" | "openai" | "test";

export type ModelConfig = {
  /** The spec as the user wrote it, shown as the model's id. */
  spec: string;
  provider: ModelProvider;
  /** Base URL ending in /v1. "offline" for the test model. */
  baseURL: string;
  /** Model name to send; null = ask the server's /v1/models and take the first. */
  model: string | null;
  apiKey: string;
};

export const LM_STUDIO_URL = "http://localhost:1234/v1";
export const OLLAMA_URL = "http://localhost:11434/v1";
export const MLX_URL = "http://127.0.0.1:8080/v1";
export const OPENAI_URL = "https://api.openai.com/v1";
/** mlx_lm.server serves the model it was started with only under this name (REFERENCE.md). */
export const MLX_MODEL_NAME = "default_model";

export const ACCEPTED_SPECS =
  "local, local:NAME, local:URL[/NAME], URL[/NAME] (URL ends in /v1), ollama:NAME, mlx, mlx:URL, openai:NAME, test";

// Local servers ignore the key, but the openai client insists on one.
const PLACEHOLDER_KEY = "not-needed";

/**
 * Parses a model spec.
 *
 * @example
 * parseModelSpec("local:http://127.0.0.1:8080/v1/qwen/qwen3-8b", {})
 * // → { provider: "local", baseURL: "http://127.0.0.1:8080/v1", model: "qwen/qwen3-8b", … }
 */
export function parseModelSpec(spec: string, env: Record<string, string | undefined> = {}): ModelConfig {
  const trimmed = spec.trim();
  const bad = (why: string): never => {
    throw new ConfigError(`Invalid model spec "${spec}" (${why}). Accepted forms: ${ACCEPTED_SPECS}.`);
  };
  const config = (provider: ModelProvider, baseURL: string, model: string | null, apiKey = PLACEHOLDER_KEY): ModelConfig => ({
    spec: trimmed,
    provider,
    baseURL,
    model,
    apiKey,
  });

  if (trimmed === "test") return config("test", "offline", "test");
  if (trimmed === "local") return config("local", LM_STUDIO_URL, null);
  if (trimmed === "mlx") return config("mlx", MLX_URL, MLX_MODEL_NAME);
  if (isUrl(trimmed)) {
    const { baseURL, model } = splitUrl(trimmed) ?? bad("a URL must contain a base ending in /v1");
    return config("local", baseURL, model);
  }

  const colon = trimmed.indexOf(":");
  if (colon < 0) return bad("unknown form");
  const prefix = trimmed.slice(0, colon);
  const rest = trimmed.slice(colon + 1);
  switch (prefix) {
    case "local": {
      if (rest === "") return bad("a name or URL must follow local:");
      if (!isUrl(rest)) return config("local", LM_STUDIO_URL, rest);
      const { baseURL, model } = splitUrl(rest) ?? bad("a URL must contain a base ending in /v1");
      return config("local", baseURL, model);
    }
    case "ollama":
      if (rest === "") return bad("a model name must follow ollama:");
      return config("ollama", OLLAMA_URL, rest, "ollama");
    case "mlx": {
      if (!isUrl(rest)) return bad("mlx: takes a server URL ending in /v1, e.g. mlx:http://127.0.0.1:8080/v1");
      const split = splitUrl(rest);
      if (!split || split.model !== null) return bad("mlx: takes a server URL ending in /v1 and no model name");
      return config("mlx", split.baseURL, MLX_MODEL_NAME);
    }
    case "openai": {
      if (rest === "") return bad("a model name must follow openai:");
      const key = env.OPENAI_API_KEY;
      if (!key) throw new ConfigError(`Model spec "${spec}" needs the environment variable OPENAI_API_KEY.`);
      return config("openai", OPENAI_URL, rest, key);
    }
    default:
      return bad(`unknown prefix "${prefix}:"`);
  }
}

function isUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

/** Splits `http://host:port/prefix/v1/NAME…` at the first `/v1` path segment. */
function splitUrl(text: string): { baseURL: string; model: string | null } | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const segments = url.pathname.split("/");
  const v1 = segments.indexOf("v1");
  if (v1 < 0) return null;
  const basePath = segments.slice(0, v1 + 1).join("/");
  const model = segments
    .slice(v1 + 1)
    .join("/")
    .replace(/\/+$/, "");
  return { baseURL: `${url.protocol}//${url.host}${basePath}`, model: model === "" ? null : decodeURIComponent(model) };
}
