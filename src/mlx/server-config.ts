/**
 * `punie mlx start` settings → the exact `python -m mlx_lm server` argv (pure). Only flags the
 * user set are passed, so the installed mlx_lm's own defaults apply otherwise.
 */
import { z } from "zod";
import { isDistributed, type Launch, LaunchSchema } from "./launch.ts";

export const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] as const;

const count = z.coerce.number().int().positive();

export const ServerConfigSchema = z
  .object({
    model: z.string().min(1),
    adapter: z.string().min(1).optional(),
    host: z.string().min(1).default("127.0.0.1"),
    port: z.coerce.number().int().min(1).max(65535).default(8080),
    temp: z.coerce.number().min(0).optional(),
    topP: z.coerce.number().gt(0).max(1).optional(),
    topK: z.coerce.number().int().min(0).optional(),
    minP: z.coerce.number().min(0).max(1).optional(),
    maxTokens: count.optional(),
    maxKvSize: count.optional(),
    kvBits: z.coerce.number().refine((n) => n === 4 || n === 8, "expected 4 or 8").optional(),
    chatTemplateArgs: z
      .string()
      .refine((text) => {
        try {
          const value: unknown = JSON.parse(text);
          return value !== null && typeof value === "object" && !Array.isArray(value);
        } catch {
          return false;
        }
      }, 'expected a JSON object, e.g. {"enable_thinking":false}')
      .optional(),
    draftModel: z.string().min(1).optional(),
    numDraftTokens: count.optional(),
    promptCacheSize: count.optional(),
    decodeConcurrency: count.optional(),
    logLevel: z.preprocess((v) => (typeof v === "string" ? v.toUpperCase() : v), z.enum(LOG_LEVELS)).optional(),
    launch: LaunchSchema.optional(),
  })
  .strict()
  .refine((c) => !(c.maxKvSize && c.kvBits), { message: "--max-kv-size cannot be combined with --kv-bits (mlx_lm refuses it)", path: ["kvBits"] })
  .refine((c) => !c.numDraftTokens || c.draftModel, { message: "--num-draft-tokens needs --draft-model", path: ["numDraftTokens"] });

export type ServerConfig = z.output<typeof ServerConfigSchema>;
export type ServerConfigInput = z.input<typeof ServerConfigSchema>;

const VALUE_FLAGS: [keyof ServerConfig, string][] = [
  ["temp", "--temp"],
  ["topP", "--top-p"],
  ["topK", "--top-k"],
  ["minP", "--min-p"],
  ["maxTokens", "--max-tokens"],
  ["maxKvSize", "--max-kv-size"],
  ["kvBits", "--kv-bits"],
  ["chatTemplateArgs", "--chat-template-args"],
  ["draftModel", "--draft-model"],
  ["numDraftTokens", "--num-draft-tokens"],
  ["promptCacheSize", "--prompt-cache-size"],
  ["decodeConcurrency", "--decode-concurrency"],
  ["logLevel", "--log-level"],
];

/** `python -m mlx_lm server ...` for `config` (the model served is `model`, fused or not). */
export function serverArgv(python: string, config: ServerConfig): string[] {
  const argv = [python, "-m", "mlx_lm", "server", "--model", config.model];
  if (config.adapter) argv.push("--adapter-path", config.adapter);
  argv.push("--host", config.host, "--port", String(config.port));
  for (const [key, flag] of VALUE_FLAGS) {
    const value = config[key];
    if (value !== undefined) argv.push(flag, String(value));
  }
  if (isDistributed(config.launch)) argv.push("--pipeline");
  return argv;
}

export type { Launch };
