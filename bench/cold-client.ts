/**
 * The IDE side of the cold bench: a lean newline-delimited JSON-RPC client driving an agent
 * process over its real stdio. It does as little as a client can (no schema validation) so the
 * agent's own cost is what the bench sees: it serves fs/read_text_file from disk, allows every
 * permission, answers other requests with method-not-found, and timestamps message chunks.
 */

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type Json = { id?: number | string; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { message: string } };

export type ChunkLog = { first: number; last: number; text: string; count: number };

export type ColdAgent = {
  pid: number;
  request(method: string, params: Record<string, unknown>): Promise<unknown>;
  /** Message chunks since the last reset: first and last arrival time, the text, how many. */
  chunks: ChunkLog;
  resetChunks(): void;
  close(): Promise<void>;
};

export function startColdAgent(command: string[], env: Record<string, string | undefined>, cwd: string): ColdAgent {
  const proc = Bun.spawn(command, { cwd, env, stdin: "pipe", stdout: "pipe", stderr: "ignore" });
  const pending = new Map<number | string, Pending>();
  let nextId = 1;
  let chunks: ChunkLog = { first: 0, last: 0, text: "", count: 0 };
  const send = (message: object) => {
    proc.stdin.write(`${JSON.stringify(message)}\n`);
    proc.stdin.flush();
  };

  const onRequest = async (message: Json) => {
    const params = message.params ?? {};
    try {
      if (message.method === "fs/read_text_file") {
        const text = await Bun.file(String(params.path)).text();
        const line = typeof params.line === "number" ? params.line : null;
        const limit = typeof params.limit === "number" ? params.limit : null;
        const content = line === null && limit === null ? text : text.split("\n").slice((line ?? 1) - 1, limit === null ? undefined : (line ?? 1) - 1 + limit).join("\n");
        send({ jsonrpc: "2.0", id: message.id, result: { content } });
      } else if (message.method === "session/request_permission") {
        const options = (params.options as Array<{ optionId: string }> | undefined) ?? [];
        send({ jsonrpc: "2.0", id: message.id, result: { outcome: { outcome: "selected", optionId: options[0]?.optionId ?? "" } } });
      } else {
        send({ jsonrpc: "2.0", id: message.id, error: { code: -32601, message: `Method not found: ${message.method}` } });
      }
    } catch (error) {
      send({ jsonrpc: "2.0", id: message.id, error: { code: -32603, message: String(error) } });
    }
  };

  const onMessage = (message: Json) => {
    if (message.method === undefined) {
      const waiter = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiter || message.id === undefined) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    } else if (message.id !== undefined) {
      void onRequest(message);
    } else if (message.method === "session/update") {
      const update = message.params?.update as { sessionUpdate?: string; content?: { text?: string } } | undefined;
      if (update?.sessionUpdate === "agent_message_chunk") {
        const now = performance.now();
        if (chunks.count === 0) chunks.first = now;
        chunks.last = now;
        chunks.count++;
        chunks.text += update.content?.text ?? "";
      }
    }
  };

  void (async () => {
    const decoder = new TextDecoder();
    let rest = "";
    for await (const bytes of proc.stdout) {
      const lines = (rest + decoder.decode(bytes, { stream: true })).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) if (line.trim() !== "") onMessage(JSON.parse(line) as Json);
    }
    for (const waiter of pending.values()) waiter.reject(new Error(`${command[0]} exited`));
  })();

  return {
    pid: proc.pid,
    request(method, params) {
      const id = nextId++;
      const answer = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject }));
      send({ jsonrpc: "2.0", id, method, params });
      return answer;
    },
    get chunks() {
      return chunks;
    },
    resetChunks() {
      chunks = { first: 0, last: 0, text: "", count: 0 };
    },
    async close() {
      try {
        proc.stdin.end();
      } catch {}
      proc.kill();
      await proc.exited;
    },
  };
}

/** Resident memory of a live process, in KB (Linux /proc). */
export async function rssKb(pid: number): Promise<number> {
  const status = await Bun.file(`/proc/${pid}/status`).text().catch(() => "");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** CPU time a live process has used so far, all threads, in ms (Linux schedstat, ns precision). */
export async function cpuMs(pid: number): Promise<number> {
  const { readdir } = await import("node:fs/promises");
  let ns = 0;
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const stat = await Bun.file(`/proc/${pid}/task/${task}/schedstat`).text().catch(() => "0");
    ns += Number(stat.split(" ")[0] ?? 0);
  }
  return ns / 1e6;
}
