/**
 * When an mlx_lm server is ready: a 1-token chat completion for `default_model` answers. /health
 * is no proof (since 0.31.3 it answers before the model is loaded, and a failed load makes every
 * request hang), so each attempt has a short timeout.
 */
import type { ReadinessProbe } from "../process/index.ts";

/** The request body of the probe: the name mlx_lm serves its --model (and adapter) under. */
export const PROBE_BODY = { model: "default_model", messages: [{ role: "user", content: "hi" }], max_tokens: 1, stream: false } as const;

export function chatProbe(baseUrl: string): ReadinessProbe {
  return async (signal) => {
    const response = await fetch(`${baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(PROBE_BODY),
      signal,
    });
    if (!response.ok) {
      await response.body?.cancel();
      return false;
    }
    const body = (await response.json()) as { choices?: unknown };
    return Array.isArray(body.choices);
  };
}

/** The base URL clients use: a wildcard bind address is reached on loopback. */
export function clientBaseUrl(host: string, port: number): string {
  const reachable = host === "0.0.0.0" || host === "::" || host === "" ? "127.0.0.1" : host;
  const bracketed = reachable.includes(":") ? `[${reachable}]` : reachable;
  return `http://${bracketed}:${port}/v1`;
}
