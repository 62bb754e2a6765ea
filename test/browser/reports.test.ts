/**
 * The HTML reports in a real browser, each made by the built binary as a user makes it (eval run,
 * comparison and grid; training run and grid; perf and a prompt's report): in light and in dark
 * (the system setting, as the dashboard) every text stands out from what is behind it, and at
 * 700 px the page does not scroll sideways. Screenshots go to artifacts/screenshots/report-*.png.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { runPunie, type Sandbox, sandbox } from "../e2e/harness.ts";
import { fakeEnv, machinePython, writeData } from "../e2e/mlx-harness.ts";
import FAINT_TEXTS from "./faint-texts.js" with { type: "text" };
import { CHROMIUM, launchBrowser, SCREENSHOTS } from "./harness.ts";

const SUITE = `
name: two
prompts:
  - {id: reads, category: read, workspace: project, prompt: "Read calculator.py", expect: {tools: [{name: read_file}], keywords: [calculator]}}
  - {id: misses, category: talk, workspace: project, prompt: "Say nothing useful", expect: {keywords: [never-said]}}
`;

let browser: Browser | null = null;
let box: Sandbox;
const reports = new Map<string, string>();

/** Runs punie in the sandbox and fails with its stderr when it does. */
async function punie(args: string[], env: Record<string, string | undefined> = {}): Promise<string> {
  const result = await runPunie(box, args, { env });
  if (result.code !== 0) throw new Error(`punie ${args.join(" ")} exited ${result.code}:\n${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  if (!CHROMIUM) return;
  box = await sandbox();
  const out = (name: string) => {
    const file = join(box.project, "..", `${name}.html`);
    reports.set(name, file);
    return file;
  };
  await Bun.write(join(box.project, "..", "suite.yaml"), SUITE);
  const suite = ["--suite", "../suite.yaml", "--model", "test"];
  await punie(["eval", ...suite, "--output", out("eval")]);
  await punie(["eval", ...suite]);
  const runs = (JSON.parse(await punie(["eval", "list", "--json"])) as { runId: string }[]).map((run) => run.runId);
  await punie(["eval", "compare", ...runs, "--output", out("eval-compare")]);
  await punie(["eval", "grid", ...suite, "--temperatures", "0,0.7", "--output", out("eval-grid")]);
  await punie(["ask", "--model", "test", "--yes", "--perf", "Read calculator.py"]);
  const [turn] = readdirSync(join(box.home, "perf"));
  reports.set("prompt", join(box.home, "perf", turn ?? "missing.html"));
  await punie(["perf", "--output", out("perf")]);
  if (machinePython() !== null) {
    const data = writeData(join(box.project, "..", "data"));
    const env = fakeEnv(join(box.project, ".."));
    await punie(["train", data, "-m", "fake/model", "-o", "adapters/one", "--iters", "20", "--steps-per-report", "2", "--steps-per-eval", "10"], env);
    await punie(["train", "report", "adapters/one", "-o", out("train")], env);
    await punie(["train", "grid", data, "-m", "fake/model", "-o", "grid", "--learning-rates", "1e-5,5e-5", "--ranks", "8", "--iters", "10"], env);
    reports.set("train-grid", join(box.project, "grid", "grid.html"));
  } else {
    console.warn("skipped: the training reports need python3 (for the fake mlx_lm)");
  }
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await box?.cleanup();
});

const NAMES = ["eval", "eval-compare", "eval-grid", "prompt", "perf", "train", "train-grid"];

describe.skipIf(CHROMIUM === null)("the HTML reports in a browser", () => {
  for (const name of NAMES) {
    for (const scheme of ["light", "dark"] as const) {
      test(`${name}, ${scheme}: the system's scheme, every text readable, no sideways scroll at 700 px`, async () => {
        const file = reports.get(name);
        if (!file) return; // the training reports without python3 (said above)
        const context = await (browser as Browser).newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
        try {
          const page = await context.newPage();
          await page.goto(`file://${file}`);
          // A page that sets no background shows the browser's white canvas.
          const background = String(await page.evaluate("getComputedStyle(document.body).backgroundColor")).replace("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)");
          const [r = 0, g = 0, b = 0] = (background.match(/\d+/g) ?? []).map(Number);
          expect({ name, dark: (r + g + b) / 3 < 80 }).toEqual({ name, dark: scheme === "dark" });
          expect(await page.evaluate(FAINT_TEXTS)).toEqual([]);
          await page.screenshot({ path: join(SCREENSHOTS, `report-${name}-${scheme}.png`), fullPage: true });
          await page.setViewportSize({ width: 700, height: 900 });
          expect(await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")).toBeLessThanOrEqual(0);
          await page.screenshot({ path: join(SCREENSHOTS, `report-${name}-${scheme}-700.png`), fullPage: true });
        } finally {
          await context.close();
        }
      }, 30_000);
    }
  }
});
