import { afterEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { downloadHf, type HfDownloadOptions, partialPaths, retryDelayMs } from "../../src/dataset/hf-download.ts";
import { validateDataset } from "../../src/dataset/validate.ts";
import { readJsonl, runCli, tempDir } from "./helpers.ts";

const TOTAL = 250;

/** A CodeSearchNet-like row; every 10th has no docstring and is skipped by the preset. */
function csnRow(i: number) {
  return {
    repository_name: "acme/lib",
    func_path_in_repository: "lib/m.py",
    func_name: `Widget.method_${i}`,
    whole_func_string: `def method_${i}(self):\n    """Return ${i}."""\n    return ${i}`,
    language: "python",
    func_code_string: `def method_${i}(self):\n    """Return ${i}."""\n    return ${i}`,
    func_documentation_string: i % 10 === 9 ? "" : `Return the number ${i}.`,
    func_code_url: `https://example.invalid/${i}`,
  };
}

type Request = { offset: number; length: number; auth: string | null; dataset: string | null };

/** A fake of the datasets-server rows API, with exactly its response shape. */
function fakeServer(behaviour: { throttleFirst?: boolean; failFrom?: number }) {
  const requests: Request[] = [];
  let throttled = false;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const url = new URL(req.url);
      if (url.pathname !== "/rows") return Response.json({ error: "not found" }, { status: 404 });
      const offset = Number(url.searchParams.get("offset"));
      const length = Number(url.searchParams.get("length"));
      requests.push({ offset, length, auth: req.headers.get("authorization"), dataset: url.searchParams.get("dataset") });
      if (length > 100) return Response.json({ error: "length must be <= 100" }, { status: 422 });
      if (behaviour.throttleFirst && !throttled) {
        throttled = true;
        return Response.json({ error: "Too many requests" }, { status: 429, headers: { "retry-after": "0" } });
      }
      if (behaviour.failFrom !== undefined && offset >= behaviour.failFrom) return Response.json({ error: "internal error" }, { status: 500 });
      const rows = [];
      for (let i = offset; i < Math.min(offset + length, TOTAL); i++) rows.push({ row_idx: i, row: csnRow(i), truncated_cells: [] });
      return Response.json({
        features: Object.keys(csnRow(0)).map((name, feature_idx) => ({ feature_idx, name, type: { dtype: "string", _type: "Value" } })),
        rows,
        num_rows_total: TOTAL,
        num_rows_per_page: 100,
        partial: false,
      });
    },
  });
  return { server, requests, endpoint: `http://127.0.0.1:${server.port}` };
}

let servers: ReturnType<typeof Bun.serve>[] = [];
afterEach(() => {
  for (const s of servers) s.stop(true);
  servers = [];
});

function options(endpoint: string, output: string, over: Partial<HfDownloadOptions> = {}): HfDownloadOptions {
  return {
    dataset: "code-search-net/code_search_net", config: "python", split: "train", preset: "codesearchnet-python",
    output, ratios: [0.8, 0.1, 0.1], seed: 1, force: false, endpoint, pageSize: 100, retries: 2, backoffMs: 1, ...over,
  };
}

describe("dataset download hf", () => {
  test("pages through the rows API, honours 429, sends HF_TOKEN and maps rows to chat examples", async () => {
    const fake = fakeServer({ throttleFirst: true });
    servers.push(fake.server);
    const dir = await tempDir();
    const retries: string[] = [];
    const report = await downloadHf(options(fake.endpoint, join(dir, "csn"), { token: "hf_secret", onRetry: (m) => retries.push(m) }));
    expect(fake.requests.map((r) => [r.offset, r.length])).toEqual([[0, 100], [0, 100], [100, 100], [200, 100]]);
    expect(fake.requests.every((r) => r.auth === "Bearer hf_secret" && r.dataset === "code-search-net/code_search_net")).toBe(true);
    expect(retries[0]).toContain("429");
    expect(report).toMatchObject({ rows: 250, written: 225, skipped: 25, resumedFrom: 0 });
    const train = await readJsonl(join(dir, "csn", "train.jsonl"));
    expect(train.length).toBe(225 - 22 - 22);
    const example = train[0] as { messages: { role: string; content: string }[] };
    expect(example.messages[0]?.role).toBe("user");
    expect(example.messages[0]?.content).toMatch(/^Return the number \d+\.\n\nWrite this as a Python function named `method_\d+`\.$/);
    expect(example.messages[1]?.content).toMatch(/^```python\ndef method_\d+\(self\):[\s\S]*\n```$/);
    expect((await validateDataset(join(dir, "csn"), { batchSize: 4, onProblem: () => {} })).ok).toBe(true);
    expect(existsSync(partialPaths(join(dir, "csn")).data)).toBe(false);
    expect(existsSync(partialPaths(join(dir, "csn")).offset)).toBe(false);
  });

  test("resumes after an interruption from the saved offset, without repeating or losing rows", async () => {
    const dir = await tempDir();
    const out = join(dir, "csn.jsonl");
    const broken = fakeServer({ failFrom: 100 });
    servers.push(broken.server);
    await expect(downloadHf(options(broken.endpoint, out, { max: 230 }))).rejects.toThrow("run the same command again to resume at row 100");
    const partial = partialPaths(out);
    expect(JSON.parse(await readFile(partial.offset, "utf8"))).toMatchObject({ offset: 100, written: 90 });
    // A page half-written when the process died: dropped on resume.
    await appendFile(partial.data, '{"messages": [{"role": "user", "content": "half a pa');

    const healthy = fakeServer({});
    servers.push(healthy.server);
    const report = await downloadHf(options(healthy.endpoint, out, { max: 230 }));
    expect(healthy.requests.map((r) => [r.offset, r.length])).toEqual([[100, 100], [200, 30]]);
    expect(report).toMatchObject({ rows: 230, resumedFrom: 100, written: 207 });
    const rows = await readJsonl(out);
    expect(rows.length).toBe(207);
    const names = rows.map((r) => /method_(\d+)/.exec(JSON.stringify(r))?.[1]);
    expect(new Set(names).size).toBe(207);
    expect(existsSync(partial.data) || existsSync(partial.offset)).toBe(false);
  });

  test("Retry-After in seconds or as a date; exponential backoff otherwise", () => {
    expect(retryDelayMs("3", 0, 100)).toBe(3000);
    expect(retryDelayMs(new Date(10_000).toUTCString(), 0, 100, 4_000)).toBe(6000);
    expect(retryDelayMs(null, 3, 100)).toBe(800);
  });

  test("CLI: PUNIE_HF_ENDPOINT points it at the fake; a gated 401 says to set HF_TOKEN", async () => {
    const fake = fakeServer({});
    servers.push(fake.server);
    const dir = await tempDir();
    const ok = await runCli(["download", "hf", "code-search-net/code_search_net", "--config", "python", "--max", "40", "-o", join(dir, "d"), "--json"], {
      PUNIE_HF_ENDPOINT: fake.endpoint,
    });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ rows: 40, written: 36 });
    const gated = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.json({ error: "The dataset is gated" }, { status: 401 }) });
    servers.push(gated);
    const denied = await runCli(["download", "hf", "x/y", "-o", join(dir, "g")], { PUNIE_HF_ENDPOINT: `http://127.0.0.1:${gated.port}` });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain("The dataset is gated (gated dataset? set HF_TOKEN)");
  });
});
