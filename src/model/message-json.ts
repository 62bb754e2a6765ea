/**
 * `JSON.stringify(message)`, made once per message object. A tool result or the system prompt goes
 * over the wire exactly as it is, so a request body (wire.ts) and the turn record (store/turns.ts)
 * share this one string instead of each serialising the message again. Messages are never changed
 * after they are made (the loop and the stores only ever append new ones).
 */
import type { ChatMessage } from "./types.ts";

const cache = new WeakMap<ChatMessage, string>();

export function messageJson(message: ChatMessage): string {
  let json = cache.get(message);
  if (json === undefined) {
    json = JSON.stringify(message);
    cache.set(message, json);
  }
  return json;
}
