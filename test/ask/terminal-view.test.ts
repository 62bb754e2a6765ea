import { describe, expect, test } from "bun:test";
import type { AgentEvent } from "../../src/agent/events.ts";
import type { Spinner } from "../../src/ask/spinner.ts";
import { createTerminalView, WAITING_FOR_MODEL } from "../../src/ask/terminal-view.ts";

/** A spinner that logs what it was told to show. */
function recordingSpinner() {
  const log: string[] = [];
  const spinner: Spinner = { start: (label) => log.push(`start ${label}`), tail: (text) => log.push(`tail ${text}`), stop: () => log.push("stop"), clear: () => {} };
  return { spinner, log };
}

function view(json = false) {
  const { spinner, log } = recordingSpinner();
  let stdout = "";
  let stderr = "";
  let both = "";
  const terminal = createTerminalView({
    json,
    color: false,
    spinner,
    workspace: { terminalOutput: async () => ({ output: "", truncated: false }) },
    stdout: { write: (text: string) => ((stdout += text), (both += text)) },
    stderr: { write: (text: string) => ((stderr += text), (both += text)) },
  });
  return { terminal, log, out: () => ({ stdout, stderr }), both: () => both };
}

const call = (id: string, name: string, kind: "read" | "execute", title: string): AgentEvent => ({ type: "tool_call", toolCallId: id, name, kind, title, locations: [], rawInput: {} });

describe("what ask shows while a turn runs", () => {
  test("waiting for the model, a running test tool, then the answer: the spinner comes and goes", () => {
    const { terminal, log, out } = view();
    terminal.onEvent(call("p", "pytest_run", "execute", "pytest"));
    terminal.onEvent({ type: "tool_call_update", toolCallId: "p", status: "in_progress" });
    terminal.onEvent({ type: "tool_call_update", toolCallId: "p", status: "completed", durationMs: 300 });
    terminal.onEvent({ type: "text", text: "All green." });
    terminal.finish();
    expect(log).toEqual([`start ${WAITING_FOR_MODEL}`, "stop", "start pytest", "stop", `start ${WAITING_FOR_MODEL}`, "stop", "stop"]);
    expect(out()).toEqual({ stdout: "All green.\n", stderr: "▶ pytest\n✔ pytest (300 ms)\n" });
  });

  test("a read does not spin while it runs; with --json nothing spins and every event is a line", () => {
    const plain = view();
    plain.terminal.onEvent(call("r", "read_file", "read", "Read a.py"));
    plain.terminal.onEvent({ type: "tool_call_update", toolCallId: "r", status: "in_progress" });
    expect(plain.log).toEqual([`start ${WAITING_FOR_MODEL}`, "stop"]);
    const json = view(true);
    json.terminal.onEvent(call("r", "read_file", "read", "Read a.py"));
    json.terminal.finish();
    expect(json.log.filter((entry) => entry.startsWith("start"))).toEqual([]);
    expect(JSON.parse(json.out().stdout)).toMatchObject({ type: "tool_call", toolCallId: "r" });
  });

  test("an error that ends the turn is one line named like every other failure", () => {
    const { terminal, out, both } = view();
    terminal.onEvent({ type: "text", text: "Partial answer" });
    terminal.onEvent({ type: "error", message: "Could not reach the model server at http://127.0.0.1:9/v1." });
    terminal.finish();
    expect(both()).toStartWith("Partial answer\npunie ask: ");
    expect(out().stderr).toBe("punie ask: Could not reach the model server at http://127.0.0.1:9/v1.\n");
  });
});
