/**
 * The paragraphs a user reads when the model server fails: which URL, what went wrong, what to
 * check. Each returns a ModelServerError so callers simply throw it.
 */
import { ModelRejectedImagesError, ModelServerError } from "../errors.ts";
import { MODEL_OPTION_ENV } from "./options.ts";
import type { ModelConfig } from "./spec.ts";

function serverHint(config: ModelConfig): string {
  switch (config.provider) {
    case "local":
      return "Is LM Studio (or llama-server / mlx_lm.server / Ollama) running with its server started on that address? Start it, or point Punie at the right server with --model local:URL.";
    case "ollama":
      return "Is Ollama running (`ollama serve`)?";
    case "mlx":
      return "Is mlx_lm.server running (`python -m mlx_lm server --model MODEL`) on that address?";
    case "openai":
      return "Check your network connection and proxy settings.";
    case "test":
      return "";
  }
}

export function unreachableError(config: ModelConfig, cause: unknown): ModelServerError {
  const detail = cause instanceof Error && cause.message ? ` (${cause.message})` : "";
  return new ModelServerError(
    config.baseURL,
    `Could not reach the model server at ${config.baseURL}${detail}. ${serverHint(config)}`,
    { cause },
  );
}

export function connectTimeoutError(config: ModelConfig, timeoutMs: number): ModelServerError {
  return new ModelServerError(
    config.baseURL,
    `The model server at ${config.baseURL} did not accept a connection within ${seconds(timeoutMs)}. ${serverHint(config)} ` +
      `To wait longer, raise ${MODEL_OPTION_ENV.connectTimeoutMs}.`,
  );
}

export function httpError(config: ModelConfig, status: number, serverText: string): ModelServerError {
  const said = serverText.trim() === "" ? "" : `: ${oneLine(serverText)}`;
  let check = "Check the server's log for the cause, then try again.";
  if (status === 401 || status === 403) {
    check = config.provider === "openai" ? "Check OPENAI_API_KEY." : "Check the server's API key settings.";
  } else if (status === 404) {
    check = `Check that ${config.baseURL} is the server's /v1 address and that the model name is one its /v1/models lists.`;
  } else if (status === 400 || status === 422) {
    check = "The server rejected the request: check that the loaded model supports chat and tools, and that the prompt fits its context length.";
  } else if (status >= 500) {
    check = "The server failed while answering: check its log (out of memory? model failed to load?), then try again.";
  }
  return new ModelServerError(config.baseURL, `The model server at ${config.baseURL} answered HTTP ${status}${said}. ${check}`);
}

/**
 * A refusal of a request that held images, in the server's words about images or vision: the
 * model cannot read images (LM Studio, vLLM, llama.cpp without mmproj, OpenAI all say so in a 4xx
 * or 5xx). The server's text is the only signal there is; callers check the error's type.
 */
export function imagesRejected(status: number, serverText: string): boolean {
  return status >= 400 && /\b(image|images|image_url|vision|multimodal|multi-modal|mmproj)\b/i.test(serverText);
}

export function imagesRejectedError(config: ModelConfig, model: string, status: number, serverText: string): ModelRejectedImagesError {
  return new ModelRejectedImagesError(
    config.baseURL,
    `The model ${model} at ${config.baseURL} does not accept images (HTTP ${status}: ${oneLine(serverText, 200)}).`,
  );
}

export function garbageError(config: ModelConfig, detail: string): ModelServerError {
  return new ModelServerError(
    config.baseURL,
    `The model server at ${config.baseURL} sent something that is not an OpenAI-compatible chat completion (${oneLine(detail)}). ` +
      "Check that the address points at an OpenAI-compatible server's /v1 endpoint, not a web page or another service.",
  );
}

export function truncatedError(config: ModelConfig): ModelServerError {
  return new ModelServerError(
    config.baseURL,
    `The model server at ${config.baseURL} ended the reply before it was finished (the stream stopped without a finish reason). ` +
      "The server may have crashed or run out of memory: check its log, then try again.",
  );
}

export function firstTokenTimeoutError(config: ModelConfig, timeoutMs: number): ModelServerError {
  return new ModelServerError(
    config.baseURL,
    `The model server at ${config.baseURL} sent no first token within ${seconds(timeoutMs)} (first-token timeout). ` +
      `It may still be loading the model or reading a long prompt, or it may be stuck: check its log. To wait longer, raise ${MODEL_OPTION_ENV.firstTokenTimeoutMs}.`,
  );
}

export function chunkTimeoutError(config: ModelConfig, timeoutMs: number): ModelServerError {
  return new ModelServerError(
    config.baseURL,
    `The model server at ${config.baseURL} stopped sending for ${seconds(timeoutMs)} in the middle of a reply (between-chunk timeout). ` +
      `Check its log; to wait longer, raise ${MODEL_OPTION_ENV.chunkTimeoutMs}.`,
  );
}

export function noModelLoadedError(config: ModelConfig): ModelServerError {
  return new ModelServerError(
    config.baseURL,
    `The model server at ${config.baseURL} lists no loaded model (its /v1/models is empty). ` +
      "Load a model in LM Studio (or start the server with one), or name one with --model local:NAME.",
  );
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function oneLine(text: string, max = 300): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
