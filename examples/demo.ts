/**
 * The README's first command: plays PyCharm against `punie --model test` (the offline model) on a
 * copy of examples/demo-project and prints what the IDE would show: messages, tool calls, diffs
 * and permission answers. No model server needed.
 *
 *   npm run demo            (installs Bun and dependencies first when missing)
 *   bun examples/demo.ts    (uses dist/punie when built, else the sources)
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type * as acp from "@agentclientprotocol/sdk";
import { allowOnce, openSession, rejectOnce, startAgentProcess } from "../src/testing/acp-client.ts";

const root = join(import.meta.dir, "..");
const binary = join(root, "dist", "punie");
const command = (await Bun.file(binary).exists()) ? [binary] : [process.execPath, join(root, "src", "main.ts")];

// The project copy and Punie's home (database, logs) are both temporary: the demo leaves no trace
// in ~/.punie (no sessions in `punie perf`, the IDE's session list or `dataset export`).
const scratch = await mkdtemp(join(tmpdir(), "punie-demo-"));
const project = join(scratch, "demo-project");
await cp(join(import.meta.dir, "demo-project"), project, { recursive: true });

const tty = process.stdout.isTTY;
const paint = (code: string, text: string) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
const say = (text: string) => process.stdout.write(text);
const shown = (path: string) => relative(project, path) || path;

let streaming = false;
const endStream = () => {
  if (streaming) say("\n");
  streaming = false;
};

/** Diffs already shown, per tool call: the pending update and the completed one carry the same diff. */
const shownDiffs = new Set<string>();

function show(notification: acp.SessionNotification): void {
  const update = notification.update;
  switch (update.sessionUpdate) {
    case "agent_message_chunk":
      if (update.content.type === "text") {
        if (!streaming) say(paint("1", "Punie: "));
        streaming = true;
        say(update.content.text);
      }
      break;
    case "tool_call":
      endStream();
      say(`${paint("36", "▶ tool")} [${update.kind}] ${update.title}\n`);
      break;
    case "tool_call_update":
      for (const item of update.content ?? []) {
        if (item.type === "diff") {
          const key = `${update.toolCallId}\0${item.path}\0${item.newText}`;
          if (shownDiffs.has(key)) continue;
          shownDiffs.add(key);
          say(paint("33", `  diff ${shown(item.path)} (${item.oldText === null ? "new file" : "changed"}):\n`));
          for (const line of item.newText.replace(/\n$/, "").split("\n")) say(paint("32", `  + ${line}\n`));
        }
      }
      if (update.status === "completed" || update.status === "failed") {
        say(`  ${update.status === "completed" ? paint("32", "✔ completed") : paint("31", "✘ failed")}\n`);
      }
      break;
    default:
      break;
  }
}

// The IDE user allows everything except deleting files.
const permission = (request: acp.RequestPermissionRequest) => {
  endStream();
  const reject = /\brm\b/.test(request.toolCall.title ?? "");
  say(`${paint("35", "? permission")} ${request.toolCall.title} → ${reject ? "Reject" : "Allow once"}\n`);
  return reject ? rejectOnce(request) : allowOnce(request);
};

const agent = await startAgentProcess({
  command: [...command, "--model", "test"],
  cwd: project,
  env: { PUNIE_HOME: join(scratch, "punie-home") },
  permission,
  onUpdate: show,
});

const prompts = [
  "Read calculator.py and README.md, then run `python3 calculator.py` to see it work.",
  "write notes.md:\n```markdown\n# Notes\n\n- add() and divide() are covered by test_calculator.py\n```",
  "Clean up: run `rm -rf build`.",
];

try {
  const { sessionId, initialize } = await openSession(agent, project);
  say(paint("2", `Connected to ${initialize.agentInfo?.title ?? "punie"} ${initialize.agentInfo?.version ?? ""} (offline test model) in ${project}\n`));
  for (const text of prompts) {
    endStream();
    say(`\n${paint("1;34", "You:")} ${text}\n`);
    const response = await agent.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text }] });
    endStream();
    say(paint("2", `(turn ended: ${response.stopReason})\n`));
  }
} finally {
  await agent.close();
  await rm(scratch, { recursive: true, force: true });
}
