/**
 * The Python tools' JSON Schemas, computed when Punie is built (imported `with { type: "macro" }`,
 * like core-schemas.ts): a session that finds ruff, a type checker or pytest does not pay for
 * zod's JSON Schema conversion, nor for building the zod schemas, before its first request.
 * Their parameters do not depend on the program found. test/tools/core-schemas.test.ts checks them.
 */
import type { JsonSchema } from "../model/types.ts";
import { createPytestRunTool } from "./python/pytest-run.ts";
import { createRuffCheckTool, createRuffFormatTool } from "./python/ruff-tools.ts";
import { createTypecheckTool } from "./python/typecheck.ts";
import { toolSpec } from "./schema.ts";
import { loadZod } from "../zod-loader.ts";

// The tools build their zod schemas with the loaded zod (zod-loader.ts).
await loadZod();

export function pythonToolSchemas(): Record<string, JsonSchema> {
  const options = { env: {}, timeoutMs: 1 };
  const tools = [
    createRuffCheckTool("ruff", options),
    createRuffFormatTool("ruff", options),
    createTypecheckTool("mypy", "mypy", options),
    createPytestRunTool("pytest", options),
  ];
  return Object.fromEntries(tools.map((tool) => [tool.name, toolSpec(tool).parameters]));
}
