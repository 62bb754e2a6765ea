/** One call from a spec to a working Model: the CLI, ACP sessions and eval all start here. */
import type { ModelOptions } from "./options.ts";
import { parseModelSpec } from "./spec.ts";
import { createTestModel } from "./test-model.ts";
import type { Model } from "./types.ts";

/**
 * Creates the model a spec names; `test` gives the offline test model. Throws ConfigError on a bad
 * spec (or openai:NAME without OPENAI_API_KEY in `env`). The OpenAI client loads on the first
 * request, so sessions that never prompt (and the IDE's start-up) do not pay for it.
 *
 * @example
 * const model = createModel("ollama:qwen2.5-coder:7b", process.env, modelOptionsFromEnv(process.env));
 */
export function createModel(spec: string, env: Record<string, string | undefined>, options: Partial<ModelOptions> = {}): Model {
  const config = parseModelSpec(spec, env);
  if (config.provider === "test") return createTestModel();
  let loaded: Promise<Model> | null = null;
  const load = () => (loaded ??= import("./openai-model.ts").then((module) => module.createChatModel(config, options)));
  return {
    id: config.spec,
    baseURL: config.baseURL,
    async *stream(request) {
      yield* (await load()).stream(request);
    },
  };
}
