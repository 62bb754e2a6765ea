/**
 * The model port: the agent loop talks to any chat model through `Model.stream()`.
 * Messages follow the OpenAI chat shape because every supported server speaks it.
 */
export type ToolCallRequest = {
  id: string;
  name: string;
  /** Raw JSON text as the model produced it (may be invalid: the loop validates). */
  arguments: string;
  /** "text" when recovered from the reply's text (the server did not parse it); absent = structured. */
  format?: "text";
};

/** An image the user attached (base64 data, as ACP and OpenAI carry it). */
export type ImageInput = { mimeType: string; data: string };

export type ChatMessage =
  | { role: "system"; content: string }
  /** `images` go with this request only: history and records keep a placeholder in `content`. */
  | { role: "user"; content: string; images?: ImageInput[] }
  | { role: "assistant"; content: string | null; tool_calls?: ToolCallRequest[] }
  | { role: "tool"; tool_call_id: string; content: string };

/** JSON Schema of a tool's parameters, as the model sees it. */
export type JsonSchema = { [key: string]: unknown };

export type ToolSpec = {
  name: string;
  description: string;
  parameters: JsonSchema;
};

export type Usage = {
  inputTokens: number;
  outputTokens: number;
};

export type FinishReason = "stop" | "length" | "tool_calls";

export type ModelEvent =
  | { type: "text"; text: string }
  | { type: "reasoning"; text: string }
  | { type: "tool_call"; call: ToolCallRequest }
  | { type: "usage"; usage: Usage }
  | { type: "finish"; reason: FinishReason };

export type ModelRequest = {
  messages: readonly ChatMessage[];
  tools: readonly ToolSpec[];
  signal: AbortSignal;
};

export interface Model {
  /** Short id shown to people, e.g. "local:qwen2.5-coder-7b" or "test". */
  readonly id: string;
  /** Base URL of the server, or "offline" for the test model. Named in error messages. */
  readonly baseURL: string;
  /** Streams one completion. Throws ModelServerError on faults; ends quietly when aborted. */
  stream(request: ModelRequest): AsyncIterable<ModelEvent>;
}
