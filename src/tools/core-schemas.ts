/**
 * The core tools' JSON Schemas, computed when Punie is built: imported `with { type: "macro" }`,
 * this runs in the bundler (and in Bun's transpiler from source) and leaves only the resulting
 * object in the binary, so no session pays for zod's JSON Schema conversion at run time.
 * test/tools/core-schemas.test.ts checks them against a conversion done now.
 */
import type { JsonSchema } from "../model/types.ts";
import { CORE_TOOLS } from "./core.ts";
import { toolSpec } from "./schema.ts";
import { loadZod } from "../zod-loader.ts";

// The tools build their zod schemas with the loaded zod (zod-loader.ts).
await loadZod();

export function coreToolSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(CORE_TOOLS.map((tool) => [tool.name, toolSpec(tool).parameters]));
}
