/** Images in the conversation: what stands in for one once it is not sent (pure). */
import { formatBytes } from "../format.ts";
import type { ChatMessage, ImageInput } from "../model/types.ts";

/**
 * The message with its images replaced by a line each in its text: `kept` for the history and
 * records (no megabytes of base64 there), `unreadable` when the model refused them.
 */
export function imagePlaceholders(message: ChatMessage, why: "kept" | "unreadable"): ChatMessage {
  if (message.role !== "user" || !message.images || message.images.length === 0) return message;
  const lines = message.images.map((image) =>
    why === "kept" ? `[An image (${describe(image)}) was attached here.]` : `[An image (${describe(image)}) was attached here, but this model cannot read images.]`,
  );
  return { role: "user", content: [message.content, ...lines].filter((part) => part !== "").join("\n") };
}

function describe(image: ImageInput): string {
  return `${image.mimeType}, ${formatBytes(Math.floor((image.data.length * 3) / 4))}`;
}
