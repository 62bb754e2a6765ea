/**
 * The dashboard in a real browser against `punie serve` from the binary: the page loads (light
 * and dark); an ACP session run by another punie process over stdio appears and updates live; a
 * session started from the page asks permission, gets it from the Allow button and finishes;
 * Cancel stops a long turn.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { agentText, openSession } from "../../src/testing/acp-client.ts";
import { type ScriptedReply, type ScriptedServer, startScriptedServer } from "../../src/testing/scripted-server.ts";
import { type Sandbox, sandbox, startPunie } from "../e2e/harness.ts";
import { CHROMIUM, launchBrowser, openPage, type Serve, screenshots, startServe } from "./harness.ts";

let browser: Browser | null = null;
let box: Sandbox;
let model: ScriptedServer | null = null;
let serve: Serve | null = null;
let context: BrowserContext | null = null;

// Chromium takes seconds to start on a busy machine: once per file, with room to do it.
beforeAll(async () => {
  if (CHROMIUM) browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  box = await sandbox();
});
afterEach(async () => {
  await context?.close();
  context = null;
  await serve?.stop();
  serve = null;
  await model?.stop();
  model = null;
  await box.cleanup();
});

async function setup(script: ScriptedReply[], extraArgs: string[] = []): Promise<Page> {
  model = await startScriptedServer({ script, models: ["coder"] });
  serve = await startServe(box, ["--model", `${model.url}/coder`, ...extraArgs]);
  const opened = await openPage(browser as Browser);
  context = opened.context;
  await opened.page.goto(serve.url);
  return opened.page;
}

const status = (page: Page, sessionId: string) => page.locator(`tr[data-session-id="${sessionId}"] .status`);

describe.skipIf(CHROMIUM === null)("the dashboard in a browser", () => {
  test("the page loads with its controls named, in light and dark", async () => {
    const page = await setup([]);
    await page.getByRole("heading", { name: "Sessions", level: 1 }).waitFor();
    await page.getByRole("textbox", { name: "Prompt" }).waitFor();
    await page.getByRole("textbox", { name: "Workspace" }).waitFor();
    await page.getByRole("button", { name: "Send" }).waitFor();
    await page.getByRole("link", { name: "Performance" }).waitFor();
    await page.locator('#live-indicator[data-state="live"]').waitFor();
    await screenshots(page, "sessions-empty");
    const dark = await openPage(browser as Browser, "dark");
    await dark.page.goto((serve as Serve).url);
    const background = await dark.page.evaluate("getComputedStyle(document.body).backgroundColor");
    expect(background).not.toBe("rgb(247, 248, 250)");
    await page.getByRole("link", { name: "Runs" }).click();
    await page.getByRole("heading", { name: "Training runs" }).waitFor();
    await screenshots(page, "runs-empty");
    await dark.page.goto(`${(serve as Serve).url}perf`);
    await dark.page.getByRole("heading", { name: "Performance", level: 1 }).waitFor();
    await dark.context.close();
  }, 60_000);

  test("with --token the page needs the login link, then works with its cookie (events too)", async () => {
    const page = await setup([], ["--token", "dashboard-test-token"]);
    expect(await page.textContent("body")).toContain("token is required");
    expect((serve as Serve).stderr()).toContain("login?token=dashboard-test-token");
    await page.goto(`${(serve as Serve).url}login?token=dashboard-test-token`);
    await page.getByRole("heading", { name: "Sessions", level: 1 }).waitFor();
    await page.locator('#live-indicator[data-state="live"]').waitFor();
  }, 60_000);

  test("an ACP session in another punie process appears, and its status and transcript update live", async () => {
    const page = await setup([{ text: "Hello from the IDE session, streamed slowly.", chunks: 8, delays: { betweenChunksMs: 250 } }]);
    const ide = await startPunie(box, ["--model", `${(model as ScriptedServer).url}/coder`]);
    // A mark on the page's window: it survives partial updates, not a reload.
    const stillSamePage = async () => expect(await page.evaluate("window.sameDocument === true")).toBe(true);
    await page.evaluate("window.sameDocument = true");
    try {
      const { sessionId } = await openSession(ide, box.project);
      await status(page, sessionId).getByText("idle").waitFor();
      await stillSamePage();
      await page.locator(`tr[data-session-id="${sessionId}"] a`).click();
      await page.waitForURL(`**/sessions/${sessionId}`);
      await page.evaluate("window.sameDocument = true");
      const answer = ide.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "Say hello" }] });
      await page.locator("#session-live .status").getByText("running").waitFor();
      await page.getByRole("button", { name: "Cancel" }).waitFor();
      // Part of the answer shows while the turn still runs.
      await page.getByRole("log", { name: "Transcript" }).getByText("Hello from").waitFor();
      await page.getByRole("log", { name: "Transcript" }).getByText("Say hello").waitFor();
      expect(await page.locator("#session-live .status").textContent()).toBe("running");
      expect((await answer).stopReason).toBe("end_turn");
      await page.locator("#session-live .status").getByText("idle").waitFor();
      await page.getByText("Hello from the IDE session, streamed slowly.").waitFor();
      await page.getByText("Say hello").first().waitFor();
      await stillSamePage();
      expect(agentText(ide.updates)).toBe("Hello from the IDE session, streamed slowly.");
      await screenshots(page, "session-acp");
      await page.goto((serve as Serve).url);
      await page.getByRole("link", { name: "Say hello" }).waitFor();
      await screenshots(page, "sessions-list");
      await page.getByRole("link", { name: "Performance" }).click();
      await page.getByRole("figure", { name: "Median duration per tool and model request" }).waitFor();
      await screenshots(page, "perf");
    } finally {
      await ide.close();
    }
    // The IDE closed the session's process: the dashboard sees it end.
  }, 60_000);

  test("a session started from the page asks permission, gets it from Allow, and finishes", async () => {
    const page = await setup([
      { toolCalls: [{ id: "w", name: "write_file", arguments: { path: "notes.txt", content: "written from the dashboard\n" } }] },
      { text: "Wrote notes.txt." },
    ]);
    await page.getByRole("textbox", { name: "Prompt" }).fill("Create notes.txt");
    await page.getByRole("button", { name: "Send" }).click();
    await page.waitForURL("**/sessions/*");
    const allow = page.getByRole("button", { name: "Allow", exact: true });
    await allow.waitFor();
    await page.getByRole("button", { name: "Reject", exact: true }).waitFor();
    expect(await page.locator("#session-live .status").textContent()).toBe("waiting");
    await screenshots(page, "session-permission");
    await allow.click();
    await page.getByText("Wrote notes.txt.").waitFor();
    await page.locator("#session-live .status").getByText("idle").waitFor();
    expect(await Bun.file(join(box.project, "notes.txt")).text()).toBe("written from the dashboard\n");
    await page.locator(".tool-status-completed").first().waitFor();
    // The session can be continued from the page.
    await page.getByRole("textbox", { name: "Prompt" }).waitFor();
  }, 60_000);

  test("Cancel stops a long turn", async () => {
    const page = await setup([{ text: "one two three four five six seven eight nine ten eleven twelve", chunks: 12, delays: { betweenChunksMs: 600 } }]);
    await page.getByRole("textbox", { name: "Prompt" }).fill("Count slowly");
    await page.getByRole("button", { name: "Send" }).click();
    await page.waitForURL("**/sessions/*");
    await page.getByRole("log", { name: "Transcript" }).getByText("one").waitFor();
    const started = Date.now();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.locator("#session-live .status").getByText("idle").waitFor();
    expect(Date.now() - started).toBeLessThan(3000);
    await page.waitForTimeout(800);
    expect(await page.getByRole("log", { name: "Transcript" }).textContent()).not.toContain("twelve");
    await expect(page.getByRole("button", { name: "Cancel" }).count()).resolves.toBe(0);
  }, 60_000);
});
