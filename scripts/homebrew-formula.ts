/**
 * Generates the Homebrew formula from the tarballs `bun run build:all` made:
 *   bun run formula -- --base-url https://github.com/OWNER/punie/releases/download/v0.1.0 > punie.rb
 * Each arch gets its url and sha256 (read from dist/punie-<target>.tar.gz.sha256).
 */
import { join } from "node:path";
import pkg from "../package.json" with { type: "json" };

type Arch = { os: "macos" | "linux"; cpu: "arm" | "intel"; target: string };
const ARCHES: Arch[] = [
  { os: "macos", cpu: "arm", target: "darwin-arm64" },
  { os: "macos", cpu: "intel", target: "darwin-x64" },
  { os: "linux", cpu: "arm", target: "linux-arm64" },
  { os: "linux", cpu: "intel", target: "linux-x64" },
];

export function renderFormula(version: string, baseUrl: string, sha: Record<string, string>): string {
  const block = (os: Arch["os"]) =>
    ARCHES.filter((arch) => arch.os === os)
      .map(
        (arch) => `    on_${arch.cpu} do
      url "${baseUrl}/punie-${arch.target}.tar.gz"
      sha256 "${sha[arch.target]}"
    end`,
      )
      .join("\n");
  return `class Punie < Formula
  desc "Local-first AI coding agent for PyCharm and every ACP client"
  homepage "https://github.com/punie-dev/punie"
  version "${version}"
  license "MIT"

  on_macos do
${block("macos")}
  end

  on_linux do
${block("linux")}
  end

  def install
    bin.install "punie"
  end

  test do
    assert_match version.to_s, shell_output("#{bin}/punie --version")
  end
end
`;
}

if (import.meta.main) {
  const index = process.argv.indexOf("--base-url");
  const baseUrl = index > 0 ? process.argv[index + 1] : undefined;
  if (!baseUrl) {
    console.error("usage: bun run formula -- --base-url https://github.com/OWNER/punie/releases/download/vVERSION");
    process.exit(1);
  }
  const sha: Record<string, string> = {};
  for (const arch of ARCHES) {
    const file = Bun.file(join(import.meta.dir, "..", "dist", `punie-${arch.target}.tar.gz.sha256`));
    if (!(await file.exists())) {
      console.error(`missing ${file.name}: run \`bun run build:all\` first`);
      process.exit(1);
    }
    sha[arch.target] = (await file.text()).split(/\s+/)[0] ?? "";
  }
  process.stdout.write(renderFormula(pkg.version, baseUrl.replace(/\/$/, ""), sha));
}
