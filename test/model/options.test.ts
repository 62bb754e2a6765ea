import { describe, expect, test } from "bun:test";
import { ConfigError } from "../../src/errors.ts";
import { DEFAULT_MODEL_OPTIONS, modelOptionsFromEnv } from "../../src/model/options.ts";
import { chatRequestJson } from "../../src/model/wire.ts";

const chatRequestBody = (...args: Parameters<typeof chatRequestJson>) => JSON.parse(chatRequestJson(...args));

describe("modelOptionsFromEnv", () => {
  test("defaults: temperature 0, 4096 tokens, 10 s connect, 300 s first token, 60 s chunks, 2 retries", () => {
    expect(modelOptionsFromEnv({})).toEqual(DEFAULT_MODEL_OPTIONS);
    expect(DEFAULT_MODEL_OPTIONS).toMatchObject({
      temperature: 0,
      maxTokens: 4096,
      connectTimeoutMs: 10_000,
      firstTokenTimeoutMs: 300_000,
      chunkTimeoutMs: 60_000,
      retries: 2,
    });
  });

  test("reads every variable", () => {
    const options = modelOptionsFromEnv({
      PUNIE_TEMPERATURE: "0.7",
      PUNIE_MAX_TOKENS: "1024",
      PUNIE_CONNECT_TIMEOUT_MS: "2000",
      PUNIE_FIRST_TOKEN_TIMEOUT_MS: "600000",
      PUNIE_CHUNK_TIMEOUT_MS: "90000",
      PUNIE_MODEL_RETRIES: "0",
      PUNIE_UNRELATED: "x",
    });
    expect(options).toMatchObject({
      temperature: 0.7,
      maxTokens: 1024,
      connectTimeoutMs: 2000,
      firstTokenTimeoutMs: 600_000,
      chunkTimeoutMs: 90_000,
      retries: 0,
    });
  });

  test("top_p and repetition_penalty are sent only when set", () => {
    const settings = { model: "m", temperature: 0, maxTokens: 10, useMaxCompletionTokens: false };
    expect(chatRequestBody([], [], settings)).not.toHaveProperty("top_p");
    expect(chatRequestBody([], [], settings)).not.toHaveProperty("repetition_penalty");
    const options = modelOptionsFromEnv({ PUNIE_TOP_P: "0.9", PUNIE_REPETITION_PENALTY: "1.1" });
    expect(chatRequestBody([], [], { ...settings, topP: options.topP, repetitionPenalty: options.repetitionPenalty })).toMatchObject({ top_p: 0.9, repetition_penalty: 1.1 });
  });

  test("empty values keep the default", () => {
    expect(modelOptionsFromEnv({ PUNIE_MAX_TOKENS: "" }).maxTokens).toBe(4096);
  });

  const bad: Array<[string, string]> = [
    ["PUNIE_TEMPERATURE", "hot"],
    ["PUNIE_TEMPERATURE", "5"],
    ["PUNIE_MAX_TOKENS", "1.5"],
    ["PUNIE_MAX_TOKENS", "0"],
    ["PUNIE_CONNECT_TIMEOUT_MS", "-1"],
    ["PUNIE_FIRST_TOKEN_TIMEOUT_MS", "soon"],
    ["PUNIE_CHUNK_TIMEOUT_MS", "1e99"],
    ["PUNIE_MODEL_RETRIES", "-2"],
    ["PUNIE_TOP_P", "0"],
    ["PUNIE_TOP_P", "1.5"],
    ["PUNIE_REPETITION_PENALTY", "much"],
  ];
  for (const [name, value] of bad) {
    test(`${name}=${value} is refused naming the variable`, () => {
      expect(() => modelOptionsFromEnv({ [name]: value })).toThrow(ConfigError);
      expect(() => modelOptionsFromEnv({ [name]: value })).toThrow(name);
    });
  }
});
