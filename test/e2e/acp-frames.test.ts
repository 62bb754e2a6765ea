/**
 * No frame ends the agent: raw JSON-RPC lines against the built binary. A line nested 100,000 deep
 * and a 40 MiB line each get -32600 with their id, without the input echoed, and the agent goes
 * on answering; closing stdin still ends it with 0.
 */
import { expect, test } from "bun:test";
import { agentCommand, sandboxEachTest } from "./harness.ts";

const t = sandboxEachTest({ copyDemo: false });

type Answer = { id: unknown; result?: unknown; error?: { code: number; message: string } };

const initialize = (id: number) =>
  `${JSON.stringify({ jsonrpc: "2.0", id, method: "initialize", params: { protocolVersion: 1, clientCapabilities: {} } })}\n`;

test("a depth-100,000 frame and a 40 MiB line get -32600 with their id; the agent keeps answering", async () => {
  const proc = Bun.spawn([...(await agentCommand()), "--model", "test"], {
    cwd: t.box.project,
    env: { ...process.env, PUNIE_HOME: t.box.home },
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  const answers: Answer[] = [];
  let stdoutBytes = 0;
  const reading = (async () => {
    let buffer = "";
    for await (const chunk of proc.stdout.pipeThrough(new TextDecoderStream())) {
      stdoutBytes += chunk.length;
      buffer += chunk;
      let newline = buffer.indexOf("\n");
      while (newline !== -1) {
        answers.push(JSON.parse(buffer.slice(0, newline)) as Answer);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf("\n");
      }
    }
  })();
  const answerTo = async (id: number): Promise<Answer> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = answers.find((a) => a.id === id);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no answer to ${id}; stderr: ${await new Response(proc.stderr).text()}`);
      await Bun.sleep(10);
    }
  };
  const send = (text: string) => {
    proc.stdin.write(text);
    proc.stdin.flush();
  };

  send(initialize(1));
  expect((await answerTo(1)).result).toBeDefined();

  const depth = 100_000;
  send(`{"jsonrpc":"2.0","method":"initialize","params":${"[".repeat(depth)}${"]".repeat(depth)},"id":2}\n`);
  const deep = await answerTo(2);
  expect(deep.error?.code).toBe(-32600);
  expect(deep.error?.message).toContain("nested deeper than 256 levels");
  send(initialize(3));
  expect((await answerTo(3)).result).toBeDefined();

  const pad = "x".repeat(40 * 1024 * 1024);
  send(`{"jsonrpc":"2.0","id":4,"method":"initialize","params":{"pad":"${pad}"}}\n`);
  const large = await answerTo(4);
  expect(large.error?.code).toBe(-32600);
  expect(large.error?.message).toContain("larger than 32 MiB");
  send(initialize(5));
  expect((await answerTo(5)).result).toBeDefined();

  // Nothing of the input came back: the answers together are a few kilobytes.
  expect(stdoutBytes).toBeLessThan(64 * 1024);
  proc.stdin.end();
  expect(await proc.exited).toBe(0);
  await reading;
}, 60_000);
