/** Turns an ACP prompt (text, resource links, embedded resources) into the text the model reads. */
import type * as acp from "@agentclientprotocol/sdk";
import type { ImageInput } from "../model/types.ts";

export function promptToText(blocks: readonly acp.ContentBlock[]): string {
  const parts: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case "text":
        parts.push(block.text);
        break;
      case "resource_link":
        parts.push(`[Attached file: ${uriToPath(block.uri)}${block.name && !block.uri.endsWith(block.name) ? ` (${block.name})` : ""}]`);
        break;
      case "resource": {
        const resource = block.resource;
        const path = uriToPath(resource.uri);
        if ("text" in resource) parts.push(`<file path="${path}">\n${resource.text}\n</file>`);
        else if (embeddedImage(block)) parts.push(`[Attached image: ${path}]`);
        else parts.push(`[Attached binary resource: ${path}]`);
        break;
      }
      case "image":
        // Sent to the model as an image (promptImages), not as text.
        break;
      case "audio":
        parts.push("[An audio clip was attached; this agent cannot read audio.]");
        break;
      default:
        break;
    }
  }
  return parts.join("\n");
}

/** The prompt's images, in order, for the model's image content parts. */
export function promptImages(blocks: readonly acp.ContentBlock[]): ImageInput[] {
  return blocks.flatMap((block): ImageInput[] => {
    if (block.type === "image") return block.data === "" ? [] : [{ mimeType: block.mimeType, data: block.data }];
    return embeddedImage(block) ?? [];
  });
}

/** An embedded resource that is an image file (`blob` with an image/* type): the model sees it too. */
function embeddedImage(block: acp.ContentBlock): ImageInput[] | null {
  if (block.type !== "resource" || !("blob" in block.resource)) return null;
  const { blob, mimeType } = block.resource;
  return mimeType?.startsWith("image/") && blob !== "" ? [{ mimeType, data: blob }] : null;
}

/** The first line of the prompt's text, shortened: the session title (no model request). */
export function titleFromPrompt(text: string, max = 60): string {
  const line = text.split("\n").map((part) => part.trim()).find((part) => part !== "" && !part.startsWith("<file")) ?? "New session";
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

function uriToPath(uri: string): string {
  if (!uri.startsWith("file://")) return uri;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri.slice("file://".length);
  }
}
