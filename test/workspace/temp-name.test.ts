import { describe, expect, test } from "bun:test";
import { tempNameFor } from "../../src/workspace/atomic-write.ts";

describe("atomic writes' temp names", () => {
  test("hidden, named after the file and this process, with 8 random hex digits: no two alike", () => {
    const names = Array.from({ length: 200 }, () => tempNameFor("app.py"));
    for (const name of names) expect(name).toMatch(new RegExp(`^\\.app\\.py\\.punie-${process.pid}-[0-9a-f]{8}\\.tmp$`));
    expect(new Set(names).size).toBe(names.length);
  });
});
