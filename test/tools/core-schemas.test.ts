import { expect, test } from "bun:test";
import { z } from "zod";
import { CORE_TOOLS, toolSpecs } from "../../src/tools/index.ts";

test("the core tools' build-time JSON Schemas are what zod makes of their parameters now", () => {
  const specs = toolSpecs(CORE_TOOLS);
  expect(specs.map((spec) => spec.name)).toEqual(CORE_TOOLS.map((tool) => tool.name));
  for (const [index, tool] of CORE_TOOLS.entries()) {
    const { $schema: _ignored, ...parameters } = z.toJSONSchema(tool.parameters, { io: "input" }) as Record<string, unknown>;
    expect(specs[index], tool.name).toEqual({ name: tool.name, description: tool.description, parameters });
  }
});
