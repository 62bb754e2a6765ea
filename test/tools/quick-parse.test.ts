import { expect, test } from "bun:test";
import { CORE_TOOLS } from "../../src/tools/index.ts";

/** Argument values a model sends (parsed JSON), the plain ones and the broken ones. */
const CASES: unknown[] = [
  { path: "file.py" },
  { path: "src/app.py", line: 10 },
  { path: "src/app.py", limit: 5 },
  { path: "src/app.py", line: 3, limit: 7 },
  { limit: 7, line: 3, path: "keys in another order" },
  { path: "/abs/path.py", line: 1, limit: 1 },
  { path: "ünïcödé/ファイル.py" },
  { path: "file.py", extra: "dropped", another: { nested: true } },
  JSON.parse('{"path":"file.py","__proto__":{"line":0}}'),
  { path: "" },
  { path: 3 },
  { path: null },
  { path: ["file.py"] },
  { path: "file.py", line: 0 },
  { path: "file.py", line: -1 },
  { path: "file.py", line: 1.5 },
  { path: "file.py", line: "10" },
  { path: "file.py", line: null },
  { path: "file.py", line: Number.NaN },
  { path: "file.py", line: Number.POSITIVE_INFINITY },
  { path: "file.py", line: 2 ** 53 },
  { path: "file.py", line: 2 ** 53 - 1 },
  { path: "file.py", limit: 0 },
  { path: "file.py", limit: 2.5 },
  { path: "file.py", limit: true },
  { path: "file.py", line: undefined },
  { path: "file.py", limit: undefined, line: 2 },
  { line: 3 },
  {},
  [],
  ["file.py"],
  null,
  "file.py",
  42,
];

test("every tool's quick check gives what its zod schema gives, or leaves the value to zod", () => {
  const tools = CORE_TOOLS.filter((tool) => tool.quickParse);
  expect(tools.map((tool) => tool.name)).toContain("read_file");
  for (const tool of tools) {
    let quickAccepted = 0;
    for (const value of CASES) {
      const zod = tool.parameters.safeParse(value);
      const quick = tool.quickParse?.(value) ?? null;
      const label = `${tool.name} ${JSON.stringify(value)}`;
      if (!zod.success) {
        expect(quick, label).toBeNull();
        continue;
      }
      // null only sends the value to zod; a plain value must not need it (that is the point).
      if (quick === null) continue;
      quickAccepted++;
      expect(quick, label).toStrictEqual(zod.data);
      expect(Object.keys(quick as object), label).toEqual(Object.keys(zod.data as object));
    }
    expect(quickAccepted, tool.name).toBeGreaterThan(5);
  }
});
