/**
 * The agent loop: model ↔ tools until an answer without tool calls, with limits, retries,
 * validation and cancellation. Knows nothing of ACP, HTTP or the terminal.
 */
export * from "./events.ts";
export * from "./loop.ts";
export * from "./instructions.ts";
