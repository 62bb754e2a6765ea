/** Turns tools into the JSON Schema specs the model sees (snapshotted in tests). */
import type { JsonSchema, ToolSpec } from "../model/types.ts";
import type { AnyTool } from "./types.ts";
import { zodNow } from "../zod-loader.ts";

const specCache = new WeakMap<AnyTool, ToolSpec>();

export function toolSpec(tool: AnyTool): ToolSpec {
  let spec = specCache.get(tool);
  if (!spec) {
    const { $schema: _ignored, ...parameters } = tool.jsonSchema ?? (zodNow().toJSONSchema(tool.parameters, { io: "input" }) as JsonSchema);
    spec = { name: tool.name, description: tool.description, parameters };
    specCache.set(tool, spec);
  }
  return spec;
}

/** Gives a tool its spec from a schema computed ahead of time (the core tools, at build time). */
export function primeToolSpec(tool: AnyTool, parameters: JsonSchema | undefined): void {
  if (parameters && !specCache.has(tool)) specCache.set(tool, { name: tool.name, description: tool.description, parameters });
}

export function toolSpecs(tools: readonly AnyTool[]): ToolSpec[] {
  return tools.map(toolSpec);
}
