/**
 * `--suite NAME|FILE`: a path that exists is a suite file; otherwise a built-in name, whose files
 * are written to a temp folder for the run (and removed by `dispose`).
 */
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { InvalidSuiteError, loadSuiteFile, parseSuiteText, resolveSuite, validateSuite } from "./load-suite.ts";
import type { Suite } from "./suite-schema.ts";
import { BUILTIN_SUITE_FILES } from "./suites/files.ts";

export const BUILTIN_SUITES = Object.keys(BUILTIN_SUITE_FILES);
export const DEFAULT_SUITE = "tools";

export type OpenedSuite = { suite: Suite; dispose(): Promise<void> };

export async function openSuite(nameOrFile: string): Promise<OpenedSuite> {
  const files = BUILTIN_SUITE_FILES[nameOrFile];
  const onDisk = await stat(nameOrFile).catch(() => null);
  if (onDisk || !files) {
    if (!onDisk && !/[\\/.]/.test(nameOrFile)) {
      throw new InvalidSuiteError(`No suite "${nameOrFile}": give a suite file, or a built-in suite (${BUILTIN_SUITES.join(", ")}).`);
    }
    return { suite: await loadSuiteFile(nameOrFile), dispose: async () => {} };
  }
  const dir = await mkdtemp(join(tmpdir(), `punie-suite-${nameOrFile}-`));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await Bun.write(join(dir, path), text);
    }
    const shown = `built-in suite ${nameOrFile}`;
    const file = validateSuite(parseSuiteText(files["suite.yaml"] ?? "", "suite.yaml"), shown);
    const suite = await resolveSuite(file, { ref: nameOrFile, baseDir: dir, shownFile: shown });
    return { suite, dispose: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
