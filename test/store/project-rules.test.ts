import { describe, expect, test } from "bun:test";
import { addProjectRule, clearProjectRules, isAllowedByProjectRule, listProjectRules } from "../../src/store/index.ts";
import { tempStore } from "./fixtures.ts";

describe("project permission rules", () => {
  test("add, list per project or all, check, and clear", () => {
    const { store } = tempStore();
    addProjectRule(store, { project: "/a", tool: "write_file", action: "edit", createdAt: 1 });
    addProjectRule(store, { project: "/a", tool: "run_command", action: "execute", createdAt: 2 });
    addProjectRule(store, { project: "/a", tool: "write_file", action: "edit", createdAt: 3 });
    addProjectRule(store, { project: "/b", tool: "write_file", action: "edit", createdAt: 4 });

    expect(listProjectRules(store, "/a")).toEqual([
      { project: "/a", tool: "run_command", action: "execute", createdAt: 2 },
      { project: "/a", tool: "write_file", action: "edit", createdAt: 1 },
    ]);
    expect(listProjectRules(store)).toHaveLength(3);
    expect(isAllowedByProjectRule(store, "/a", "write_file", "edit")).toBe(true);
    expect(isAllowedByProjectRule(store, "/a", "write_file", "execute")).toBe(false);
    expect(isAllowedByProjectRule(store, "/c", "write_file", "edit")).toBe(false);

    expect(clearProjectRules(store, "/a")).toBe(2);
    expect(listProjectRules(store).map((rule) => rule.project)).toEqual(["/b"]);
    expect(clearProjectRules(store)).toBe(1);
    expect(listProjectRules(store)).toEqual([]);
  });
});
