import { describe, expect, test } from "bun:test";
import { plainSettings } from "../../src/settings/plain.ts";
import { settingsSchemas } from "../../src/settings/schema.ts";

/** Settings files people write, without permission rules. */
const FILES: Record<string, unknown>[] = [
  {},
  { limits: { maxRequests: 60 } },
  { model: "ollama:qwen2.5-coder:7b", mode: "accept-edits" },
  {
    $schema: "https://example.com/punie-settings.json",
    model: "local:qwen2.5-coder-7b-instruct",
    mode: "read-only",
    instructions: "Answer in French.",
    contextWindow: 32768,
    pythonCheck: false,
    limits: { maxRequests: 1, toolRetries: 0, emptyAnswerRetries: 2, repairRetries: 0 },
    timeouts: { modelListMs: 1, mcpConnectMs: 10000, discoverToolsMs: 2000 },
  },
];

/** Values put in every position of every file above, one at a time. */
const VALUES: unknown[] = [null, "", "x", "auto", "ask", "nope", 0, -0, 1, -1, 1.5, 2 ** 53, 2 ** 53 - 1, true, false, {}, [], { maxRequests: 2 }, [1], { command: "rm" }];
/** Keys set on every object of every file: known ones, unknown ones, and a prototype key. */
const KEYS = ["model", "mode", "instructions", "contextWindow", "pythonCheck", "limits", "timeouts", "$schema", "maxRequests", "toolRetries", "modelListMs", "permissions", "modle", "__proto__"];

/** Every file with one field (at any depth) set to each value, plus the files themselves. */
function variants(value: unknown): unknown[] {
  const out: unknown[] = [value];
  if (typeof value !== "object" || value === null || Array.isArray(value)) return out;
  for (const key of new Set([...Object.keys(value), ...KEYS])) {
    const child = (value as Record<string, unknown>)[key];
    // JSON.parse makes `__proto__` an own key; so does defineProperty.
    const copy = (v: unknown) => Object.defineProperty({ ...value }, key, { value: v, enumerable: true, writable: true, configurable: true });
    for (const replacement of VALUES) out.push(copy(replacement));
    if (Object.hasOwn(value, key) && typeof child === "object" && child !== null) for (const deeper of variants(child).slice(1)) out.push(copy(deeper));
  }
  return out;
}

const zodParse = (value: unknown) => settingsSchemas().file.safeParse(value, { reportInput: true, jitless: true });

describe("plainSettings", () => {
  test("accepts the files people write without rules, as zod returns them", () => {
    for (const file of FILES) {
      expect(plainSettings(file)).toEqual(file);
      expect(zodParse(file)).toEqual({ success: true, data: file });
    }
  });

  test("agrees with the zod schema on thousands of variants: what it accepts zod accepts unchanged, and it defers only on rules or mistakes", () => {
    const all = [...FILES.flatMap(variants), null, [], "x", 1, JSON.parse('{"__proto__": {"model": "x"}}')];
    let accepted = 0;
    for (const value of all) {
      const plain = plainSettings(value);
      const zod = zodParse(value);
      const label = JSON.stringify(value);
      if (plain !== null) {
        accepted++;
        expect(zod.success, label).toBe(true);
        expect(zod.data, label).toEqual(plain);
      } else if (zod.success) {
        // Only permission rules are left to zod when the file is valid.
        expect(Object.hasOwn(value as object, "permissions"), label).toBe(true);
      }
    }
    expect(all.length).toBeGreaterThan(2000);
    expect(accepted).toBeGreaterThan(100);
  });
});
