import { expect, test } from "bun:test";
import { DEFAULT_PERMISSION_MODE, modeInfo, PERMISSION_MODES, parseMode } from "../../src/permissions/modes.ts";

test("the four modes, ask first and by default", () => {
  expect(PERMISSION_MODES.map((m) => m.id)).toEqual(["ask", "accept-edits", "auto", "read-only"]);
  expect(DEFAULT_PERMISSION_MODE).toBe("ask");
  for (const mode of PERMISSION_MODES) expect(mode.name.length * mode.description.length).toBeGreaterThan(0);
});

test("auto's description says plainly that commands are not confined", () => {
  expect(modeInfo("auto").description).toMatch(/not confined/);
});

test.each([
  ["ask", "ask"],
  ["auto", "auto"],
  ["read-only", "read-only"],
  ["READ_ONLY", "read-only"],
  [" accept edits ", "accept-edits"],
  ["yolo", null],
  ["", null],
])("parseMode(%p) → %p", (text, expected) => {
  expect(parseMode(text)).toBe(expected as never);
});
