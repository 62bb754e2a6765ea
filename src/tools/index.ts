/**
 * The tool registry: one file per tool (STYLE.md §2). Front ends pick the set for a session.
 */
import { CORE_TOOLS } from "./core.ts";
import { coreToolSchemas } from "./core-schemas.ts" with { type: "macro" };
import { primeToolSpec } from "./schema.ts";

export * from "./types.ts";
export { CORE_TOOLS } from "./core.ts";
export { toolSpec, toolSpecs } from "./schema.ts";

// Their JSON Schemas were computed at build time (core-schemas.ts).
const schemas = coreToolSchemas();
for (const tool of CORE_TOOLS) primeToolSpec(tool, schemas[tool.name]);
