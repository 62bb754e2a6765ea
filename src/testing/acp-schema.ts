/**
 * What a strict client would refuse: every message an agent sent, checked against the official
 * ACP v1 JSON Schema the SDK ships (`@agentclientprotocol/sdk/schema/v1/schema.json`, turned into
 * zod; the SDK does not export its own zod schemas). JetBrains' Kotlin SDK deserializes strictly,
 * and the TypeScript SDK drops a malformed session/update with only a log line, so a test must
 * look at the wire itself.
 *
 * @example
 * const punie = await startAgentProcess({ command: ["dist/punie"] });
 * // … drive a session …
 * expect(await schemaViolations(punie.wire)).toEqual([]);
 */
import { z } from "zod";

/** Raw JSON-RPC messages of one connection, in the order they were written. */
export type Wire = { fromAgent: readonly unknown[]; toAgent: readonly unknown[] };

/** Params of the agent's requests and notifications, by method. Extension methods (`_…`) are free. */
const PARAMS_OF: Record<string, string> = {
  "session/update": "SessionNotification",
  "session/request_permission": "RequestPermissionRequest",
  "fs/read_text_file": "ReadTextFileRequest",
  "fs/write_text_file": "WriteTextFileRequest",
  "terminal/create": "CreateTerminalRequest",
  "terminal/output": "TerminalOutputRequest",
  "terminal/wait_for_exit": "WaitForTerminalExitRequest",
  "terminal/kill": "KillTerminalRequest",
  "terminal/release": "ReleaseTerminalRequest",
  "$/cancel_request": "CancelRequestNotification",
};

/** The agent's results, by the method of the client's request they answer. */
const RESULT_OF: Record<string, string> = {
  initialize: "InitializeResponse",
  "session/new": "NewSessionResponse",
  "session/load": "LoadSessionResponse",
  "session/resume": "ResumeSessionResponse",
  "session/list": "ListSessionsResponse",
  "session/close": "CloseSessionResponse",
  "session/prompt": "PromptResponse",
  "session/set_mode": "SetSessionModeResponse",
  "session/set_config_option": "SetSessionConfigOptionResponse",
};

const errorObject = z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() });

let definitions: Promise<(name: string) => z.ZodType> | null = null;

function schemas(): Promise<(name: string) => z.ZodType> {
  definitions ??= (async () => {
    const path = Bun.fileURLToPath(import.meta.resolve("@agentclientprotocol/sdk/schema/v1/schema.json"));
    const document = (await Bun.file(path).json()) as { $defs: Record<string, unknown> };
    const cache = new Map<string, z.ZodType>();
    return (name: string) => {
      let schema = cache.get(name);
      if (!schema) {
        schema = z.fromJSONSchema({ $defs: document.$defs, $ref: `#/$defs/${name}` } as Parameters<typeof z.fromJSONSchema>[0]);
        cache.set(name, schema);
      }
      return schema;
    };
  })();
  return definitions;
}

/**
 * Every way the agent's messages break the v1 schema or JSON-RPC, one line each (empty when
 * none): params of its requests and notifications, results of its answers, error objects.
 */
export async function schemaViolations(wire: Wire): Promise<string[]> {
  const schemaOf = await schemas();
  const asked = new Map<unknown, string>();
  for (const message of wire.toAgent) {
    const record = message as Record<string, unknown>;
    if (typeof record?.method === "string" && "id" in record) asked.set(record.id, record.method);
  }
  const problems: string[] = [];
  const check = (what: string, schemaName: string, value: unknown) => {
    const parsed = schemaOf(schemaName).safeParse(value);
    if (!parsed.success) problems.push(`${what} is not a valid ${schemaName}: ${z.prettifyError(parsed.error).replace(/\s+/g, " ")} — ${JSON.stringify(value).slice(0, 300)}`);
  };
  wire.fromAgent.forEach((message, index) => {
    const record = message as Record<string, unknown>;
    const at = `message ${index + 1}`;
    if (typeof record !== "object" || record === null || record.jsonrpc !== "2.0") {
      problems.push(`${at} is not a JSON-RPC 2.0 object: ${JSON.stringify(message).slice(0, 200)}`);
      return;
    }
    if (typeof record.method === "string") {
      const schemaName = PARAMS_OF[record.method];
      if (schemaName) check(`${at} (${record.method})`, schemaName, record.params);
      else if (!record.method.startsWith("_")) problems.push(`${at} calls ${record.method}, which is not a client method of ACP v1`);
      return;
    }
    if ("error" in record) {
      const parsed = errorObject.safeParse(record.error);
      if (!parsed.success) problems.push(`${at} has a malformed error object: ${JSON.stringify(record.error).slice(0, 200)}`);
      return;
    }
    const method = asked.get(record.id);
    if (method === undefined) {
      problems.push(`${at} answers ${JSON.stringify(record.id)}, which the client never asked`);
      return;
    }
    const schemaName = RESULT_OF[method];
    if (schemaName) check(`${at} (answer to ${method})`, schemaName, record.result);
  });
  return problems;
}
