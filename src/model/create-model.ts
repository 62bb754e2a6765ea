/** One call from a spec to a working Model: the CLI, ACP sessions and eval all start here. */
import { createChatModel } from "./openai-model.ts";
import type { ModelOptions } from "./options.ts";
import { parseModelSpec } from "./spec.ts";
import { createTestModel } from "./test-model.ts";
import type { Model } from "./types.ts";

/**
 * Creates the model a spec names; `test` gives the offline test model. Throws ConfigError on a bad
 * spec (or openai:NAME without OPENAI_API_KEY in `env`).
 *
 * @example
 * const model = createModel("ollama:qwen2.5-coder:7b", process.env, modelOptionsFromEnv(process.env));
 */
export function createModel(spec: string, env: Record<string, string | undefined>, options: Partial<ModelOptions> = {}): Model {
  const config = parseModelSpec(spec, env);
  return config.provider === "test" ? createTestModel() : createChatModel(config, options);
}
