/**
 * Models: spec parsing, the OpenAI-compatible chat model (streaming, tools, timeouts, retries,
 * tool calls recovered from text) and the offline `test` model, all behind the `Model` port.
 */
export * from "./create-model.ts";
export * from "./openai-model.ts";
export * from "./options.ts";
export * from "./recover-tool-calls.ts";
export * from "./spec.ts";
export * from "./test-model.ts";
export type * from "./types.ts";
