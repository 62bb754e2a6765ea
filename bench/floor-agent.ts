/**
 * The floor of the cold bench (bench/cold.ts): the smallest agent on the same ACP SDK doing the
 * same protocol work as Punie — streamed model requests that carry the conversation, one
 * agent_message_chunk per model chunk, tool_call → in_progress → completed per read, files read
 * through fs/read_text_file when the client has it and from disk otherwise. No agent logic, no
 * validation, no recording. Writes through Bun's stdout writer; compiled with Punie's flags.
 * Given REQUEST_SHAPE (a JSON file of Punie's own system prompt, tool list and request options,
 * captured by bench/cold.ts from Punie's first request in the same run), its model requests carry
 * the same content as Punie's, built the plain way: one JSON.stringify of the whole body per
 * request. Without it: a one-line system prompt and one tool.
 *
 *   floor-agent MODEL_BASE_URL MODEL_NAME [REQUEST_SHAPE]
 */
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import * as acp from "@agentclientprotocol/sdk";

const [baseURL = "", modelName = "m", shapeFile] = process.argv.slice(2);
const stdout = Bun.stdout.writer();
const output = new WritableStream<Uint8Array>({
  write(chunk) {
    stdout.write(chunk);
    stdout.flush();
  },
});

const TOOLS = [
  {
    type: "function",
    function: {
      name: "read_file",
      description: "Read a text file of the project.",
      parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
    },
  },
];

type Message = Record<string, unknown>;
/** What Punie's request carries besides the conversation: its system prompt, tools and options. */
type Shape = { system: Message; tools: unknown[]; options: Record<string, unknown> };

let shape: Shape | undefined;
/** Read on the first prompt, not at start-up: Punie builds its own on session/new or later too. */
function requestShape(): Shape {
  shape ??= shapeFile
    ? (JSON.parse(readFileSync(shapeFile, "utf8")) as Shape)
    : { system: { role: "system", content: "You are a coding agent." }, tools: TOOLS, options: {} };
  return shape;
}
type Call = { id: string; name: string; arguments: string };

let canRead = false;
const cwds = new Map<string, string>();

async function askModel(messages: Message[], emit: (text: string) => Promise<void>): Promise<Call[]> {
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer none" },
    body: JSON.stringify({ model: modelName, messages, ...requestShape().options, stream: true, tools: requestShape().tools }),
  });
  const calls: Call[] = [];
  const decoder = new TextDecoder();
  let rest = "";
  for await (const bytes of response.body as ReadableStream<Uint8Array>) {
    const lines = (rest + decoder.decode(bytes, { stream: true })).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("data: {")) continue;
      const delta = (JSON.parse(line.slice(6)) as { choices: Array<{ delta?: { content?: string; tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }> } }> }).choices[0]?.delta;
      if (delta?.content) await emit(delta.content);
      for (const part of delta?.tool_calls ?? []) {
        const call = (calls[part.index] ??= { id: "", name: "", arguments: "" });
        if (part.id) call.id = part.id;
        if (part.function?.name) call.name = part.function.name;
        if (part.function?.arguments) call.arguments += part.function.arguments;
      }
    }
  }
  return calls;
}

acp
  .agent({ name: "floor" })
  .onRequest(acp.methods.agent.initialize, ({ params }) => {
    canRead = params.clientCapabilities?.fs?.readTextFile === true;
    return { protocolVersion: acp.PROTOCOL_VERSION, agentCapabilities: {} };
  })
  .onRequest(acp.methods.agent.session.new, ({ params }) => {
    const sessionId = crypto.randomUUID();
    cwds.set(sessionId, params.cwd);
    return { sessionId };
  })
  .onRequest(acp.methods.agent.session.prompt, async ({ params, client }) => {
    const { sessionId } = params;
    const cwd = cwds.get(sessionId) ?? process.cwd();
    const update = (value: acp.SessionUpdate) => client.notify("session/update", { sessionId, update: value });
    const text = params.prompt.map((block) => (block.type === "text" ? block.text : "")).join("");
    const messages: Message[] = [requestShape().system, { role: "user", content: text }];
    for (;;) {
      let answer = "";
      const calls = await askModel(messages, async (chunk) => {
        answer += chunk;
        await update({ sessionUpdate: "agent_message_chunk", content: { type: "text", text: chunk } });
      });
      if (calls.length === 0) {
        messages.push({ role: "assistant", content: answer });
        return { stopReason: "end_turn" as const };
      }
      messages.push({ role: "assistant", content: answer || null, tool_calls: calls.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } })) });
      for (const call of calls) {
        const args = JSON.parse(call.arguments) as { path: string };
        const path = isAbsolute(args.path) ? args.path : join(cwd, args.path);
        await update({ sessionUpdate: "tool_call", toolCallId: call.id, title: `Read ${args.path}`, kind: "read", status: "pending", locations: [{ path }], rawInput: args });
        await update({ sessionUpdate: "tool_call_update", toolCallId: call.id, status: "in_progress" });
        const content = canRead ? (await client.request("fs/read_text_file", { sessionId, path })).content : await Bun.file(path).text();
        await update({ sessionUpdate: "tool_call_update", toolCallId: call.id, status: "completed", content: [{ type: "content", content: { type: "text", text: content } }] });
        messages.push({ role: "tool", tool_call_id: call.id, content });
      }
    }
  })
  .connect(acp.ndJsonStream(output, Bun.stdin.stream()));
