import { expect, test } from "bun:test";
import { renderFormula } from "../../scripts/homebrew-formula.ts";

test("the formula has a url and sha256 per platform and installs the binary", () => {
  const sha = { "darwin-arm64": "a".repeat(64), "darwin-x64": "b".repeat(64), "linux-arm64": "c".repeat(64), "linux-x64": "d".repeat(64) };
  const formula = renderFormula("1.2.3", "https://example.test/v1.2.3", sha);
  expect(formula).toContain('version "1.2.3"');
  for (const [target, hash] of Object.entries(sha)) {
    expect(formula).toContain(`url "https://example.test/v1.2.3/punie-${target}.tar.gz"\n      sha256 "${hash}"`);
  }
  expect(formula).toMatch(/on_macos do[\s\S]*on_arm do[\s\S]*darwin-arm64[\s\S]*on_intel do[\s\S]*darwin-x64/);
  expect(formula).toContain('bin.install "punie"');
});
