import { describe, expect, test } from "bun:test";
import { ConfigError } from "../../src/errors.ts";
import { createModel } from "../../src/model/create-model.ts";
import { ACCEPTED_SPECS, parseModelSpec } from "../../src/model/spec.ts";

const env = { OPENAI_API_KEY: "sk-test" };

describe("parseModelSpec", () => {
  const cases: Array<[string, { provider: string; baseURL: string; model: string | null; apiKey?: string }]> = [
    ["local", { provider: "local", baseURL: "http://localhost:1234/v1", model: null }],
    ["local:qwen2.5-coder-7b", { provider: "local", baseURL: "http://localhost:1234/v1", model: "qwen2.5-coder-7b" }],
    ["local:mlx-community/Qwen3-8B-4bit", { provider: "local", baseURL: "http://localhost:1234/v1", model: "mlx-community/Qwen3-8B-4bit" }],
    ["local:http://127.0.0.1:8080/v1", { provider: "local", baseURL: "http://127.0.0.1:8080/v1", model: null }],
    ["local:http://127.0.0.1:8080/v1/", { provider: "local", baseURL: "http://127.0.0.1:8080/v1", model: null }],
    ["local:http://gpu-box:8000/v1/Qwen/Qwen3-Coder-30B", { provider: "local", baseURL: "http://gpu-box:8000/v1", model: "Qwen/Qwen3-Coder-30B" }],
    ["http://localhost:8080/v1/my-model", { provider: "local", baseURL: "http://localhost:8080/v1", model: "my-model" }],
    ["https://proxy.example/api/v1", { provider: "local", baseURL: "https://proxy.example/api/v1", model: null }],
    ["ollama:qwen2.5-coder:7b", { provider: "ollama", baseURL: "http://localhost:11434/v1", model: "qwen2.5-coder:7b", apiKey: "ollama" }],
    ["mlx", { provider: "mlx", baseURL: "http://127.0.0.1:8080/v1", model: "default_model" }],
    ["mlx:http://127.0.0.1:9090/v1", { provider: "mlx", baseURL: "http://127.0.0.1:9090/v1", model: "default_model" }],
    ["openai:gpt-4.1-mini", { provider: "openai", baseURL: "https://api.openai.com/v1", model: "gpt-4.1-mini", apiKey: "sk-test" }],
    ["test", { provider: "test", baseURL: "offline", model: "test" }],
    ["  local  ", { provider: "local", baseURL: "http://localhost:1234/v1", model: null }],
  ];
  for (const [spec, expected] of cases) {
    test(spec, () => {
      const config = parseModelSpec(spec, env);
      expect(config).toMatchObject(expected);
      expect(config.spec).toBe(spec.trim());
      expect(config.apiKey.length).toBeGreaterThan(0);
    });
  }

  const bad = ["", "lokal", "local:", "ollama:", "openai:", "mlx:qwen", "mlx:http://127.0.0.1:8080/v1/some-model", "http://localhost:8080/", "ftp:thing", "azure:gpt"];
  for (const spec of bad) {
    test(`rejects ${JSON.stringify(spec)} with one line listing the forms`, () => {
      let error: unknown;
      try {
        parseModelSpec(spec, env);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).not.toContain("\n");
      expect(message).toContain(ACCEPTED_SPECS);
    });
  }

  test("openai:NAME without OPENAI_API_KEY names the variable", () => {
    expect(() => parseModelSpec("openai:gpt-4.1", {})).toThrow(/OPENAI_API_KEY/);
  });
});

describe("createModel", () => {
  test("test gives the offline model; other specs a chat model on their server", () => {
    expect(createModel("test", {})).toMatchObject({ id: "test", baseURL: "offline" });
    expect(createModel("mlx", {})).toMatchObject({ id: "mlx", baseURL: "http://127.0.0.1:8080/v1" });
    expect(() => createModel("nonsense", {})).toThrow(ConfigError);
  });
});
