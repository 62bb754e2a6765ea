/** One call from a spec to a working Model: the CLI, ACP sessions and eval all start here. */
import type { ModelOptions } from "./options.ts";
import { parseModelSpec } from "./spec.ts";
import { createTestModel } from "./test-model.ts";
import type { Model, ModelEvent, ModelRequest } from "./types.ts";

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
  let loading: Promise<Model> | null = null;
  let loaded: Model | null = null;
  const load = () =>
    (loading ??= import("./openai-model.ts").then((module) => {
      loaded = module.createChatModel(config, options);
      return loaded;
    }));
  async function* firstStream(request: ModelRequest): AsyncGenerator<ModelEvent> {
    yield* (await load()).stream(request);
  }
  return {
    id: config.spec,
    baseURL: config.baseURL,
    // Once loaded, the chat model's own stream: no generator in between that only forwards.
    stream: (request) => (loaded ? loaded.stream(request) : firstStream(request)),
  };
}
