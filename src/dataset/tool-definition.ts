/** A tool as the tools-format dataset row carries it (OpenAI function shape), from Punie's ToolSpec. */
import type { ToolSpec } from "../model/types.ts";

export const toToolDefinition = (spec: ToolSpec) => ({
  type: "function" as const,
  function: { name: spec.name, description: spec.description, parameters: spec.parameters },
});
