import { expect, test } from "bun:test";
import { chmodSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CORE_TOOLS, toolSpecs } from "../../src/tools/index.ts";
import { detectPythonTools } from "../../src/tools/python/index.ts";
import { tempDir } from "../helpers/temp.ts";

test("the core tools' build-time JSON Schemas are what zod makes of their parameters now", () => {
  const specs = toolSpecs(CORE_TOOLS);
  expect(specs.map((spec) => spec.name)).toEqual(CORE_TOOLS.map((tool) => tool.name));
  for (const [index, tool] of CORE_TOOLS.entries()) {
    const { $schema: _ignored, ...parameters } = z.toJSONSchema(tool.parameters, { io: "input" }) as Record<string, unknown>;
    expect(specs[index], tool.name).toEqual({ name: tool.name, description: tool.description, parameters });
  }
});

test("the Python tools' build-time JSON Schemas are what zod makes of their parameters now", async () => {
  // A project with every program in its .venv: all four tools are offered.
  const project = tempDir("punie-pyschemas-");
  for (const program of ["ruff", "mypy", "pytest"]) {
    await Bun.write(join(project, ".venv", "bin", program), "#!/bin/sh\n");
    chmodSync(join(project, ".venv", "bin", program), 0o755);
  }
  const tools = await detectPythonTools(project, { PATH: "/nonexistent" });
  expect(tools.map((tool) => tool.name).sort()).toEqual(["pytest_run", "ruff_check", "ruff_format", "typecheck"]);
  const specs = toolSpecs(tools);
  for (const [index, tool] of tools.entries()) {
    const { $schema: _ignored, ...parameters } = z.toJSONSchema(tool.parameters, { io: "input" }) as Record<string, unknown>;
    expect(specs[index], tool.name).toEqual({ name: tool.name, description: tool.description, parameters });
  }
});
