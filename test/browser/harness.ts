/**
 * Browser tests of the dashboard: `punie serve` from the built binary in a sandbox (private
 * PUNIE_HOME), driven by playwright-core with Debian's chromium. Where chromium is absent the
 * tests are skipped with the reason printed. Screenshots go to artifacts/screenshots (ignored).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { agentCommand, ROOT, type Sandbox } from "../e2e/harness.ts";

const CANDIDATES = [process.env.PUNIE_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** The chromium binary, or null (the tests then skip and say why). */
export const CHROMIUM: string | null = (await Promise.all(CANDIDATES.map(async (path) => (path && (await Bun.file(path).exists()) ? path : null)))).find((path) => path !== null) ?? null;

if (CHROMIUM === null) console.warn("skipped: browser tests need chromium (apt-get install -y chromium; .ci/run installs it)");

export const SCREENSHOTS = join(ROOT, "artifacts", "screenshots");

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  // CI runs as root, where chromium's sandbox cannot start.
  return chromium.launch({ ...(CHROMIUM ? { executablePath: CHROMIUM } : {}), args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
}

export type Serve = { url: string; process: Bun.Subprocess<"ignore", "pipe", "pipe">; stderr(): string; stop(): Promise<void> };

/** Starts `punie serve --port 0` and waits for the URL it prints on stderr. */
export async function startServe(box: Sandbox, args: string[] = [], env: Record<string, string> = {}): Promise<Serve> {
  const proc = Bun.spawn([...(await agentCommand()), "serve", "--port", "0", "--workspace", box.project, ...args], {
    cwd: box.project,
    env: { ...process.env, PUNIE_HOME: box.home, PUNIE_MODEL_RETRIES: "0", NO_COLOR: "1", ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let text = "";
  const url = Promise.withResolvers<string>();
  void (async () => {
    for await (const chunk of proc.stderr.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      const found = /punie serve: (http:\/\/\S+\/)/.exec(text);
      if (found?.[1]) url.resolve(found[1]);
    }
    url.reject(new Error(`punie serve exited before printing its URL:\n${text}`));
  })();
  const timer = setTimeout(() => url.reject(new Error(`no URL from punie serve in 10 s:\n${text}`)), 10_000);
  const address = await url.promise.finally(() => clearTimeout(timer));
  return {
    url: address,
    process: proc,
    stderr: () => text,
    async stop() {
      proc.kill("SIGTERM");
      const killer = setTimeout(() => proc.kill("SIGKILL"), 3000);
      await proc.exited;
      clearTimeout(killer);
    },
  };
}

/** A page in a fresh context with the given colour scheme. */
export async function openPage(browser: Browser, scheme: "light" | "dark" = "light"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

/** Saves `NAME-light.png` and `NAME-dark.png` of the page as it is now. */
export async function screenshots(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${scheme}.png`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}
