/**
 * `dataset download hf`: pages through the datasets-server rows API, maps rows with a preset and
 * appends them to a partial file beside the output; an offset file records how far it got, so a
 * rerun resumes there. When every row is in, the partial file becomes the output (.jsonl) or is
 * split into train/valid/test (directory).
 */
import { existsSync } from "node:fs";
import { appendFile, readFile, rename, rm, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { DatasetError } from "./errors.ts";
import { checkTargets, isJsonlPath, SPLITS } from "./files.ts";
import { presetNamed } from "./hf-presets.ts";
import { type Ratios, splitFile } from "./split.ts";

export const HF_ENDPOINT = "https://datasets-server.huggingface.co";

const rowsPageSchema = z.object({
  rows: z.array(z.object({ row_idx: z.number(), row: z.record(z.string(), z.unknown()) })),
  num_rows_total: z.number(),
});

const stateSchema = z.object({
  dataset: z.string(), config: z.string(), split: z.string(), preset: z.string(),
  offset: z.number(), bytes: z.number(), written: z.number(), skipped: z.number(),
});
type State = z.infer<typeof stateSchema>;

export type HfDownloadOptions = {
  dataset: string;
  config: string;
  split: string;
  preset: string;
  output: string;
  max?: number;
  ratios: Ratios;
  seed: number;
  force: boolean;
  endpoint: string;
  token?: string;
  /** Rows per request; the API allows at most 100. */
  pageSize: number;
  retries: number;
  /** First wait when a 429/5xx has no Retry-After; doubles each retry. */
  backoffMs: number;
  onProgress?(state: { offset: number; total: number; written: number }): void;
  onRetry?(message: string): void;
};

export type HfDownloadReport = { rows: number; written: number; skipped: number; resumedFrom: number; outputs: string[] };

export function partialPaths(output: string): { data: string; offset: string } {
  return { data: `${output}.partial.jsonl`, offset: `${output}.partial-offset.json` };
}

export async function downloadHf(options: HfDownloadOptions): Promise<HfDownloadReport> {
  if (options.pageSize < 1 || options.pageSize > 100) throw new DatasetError("page size must be between 1 and 100 (the rows API limit)");
  const preset = presetNamed(options.preset);
  const toDir = !isJsonlPath(options.output);
  const outputs = toDir ? SPLITS.map((s) => join(options.output, `${s}.jsonl`)) : [options.output];
  checkTargets(outputs, [], options.force);
  const partial = partialPaths(options.output);
  const state = await resumeState(options, partial);
  const resumedFrom = state.offset;
  let total = Number.POSITIVE_INFINITY;

  while (state.offset < Math.min(total, options.max ?? Number.POSITIVE_INFINITY)) {
    const length = Math.min(options.pageSize, (options.max ?? Number.POSITIVE_INFINITY) - state.offset);
    const page = await fetchPage(options, state.offset, length);
    total = page.num_rows_total;
    if (page.rows.length === 0) break;
    let chunk = "";
    for (const { row } of page.rows) {
      const example = preset(row);
      if (example) {
        chunk += `${JSON.stringify(example)}\n`;
        state.written++;
      } else state.skipped++;
    }
    await appendFile(partial.data, chunk);
    state.offset += page.rows.length;
    state.bytes += Buffer.byteLength(chunk);
    // The offset is saved after the rows are on disk, so a crash can only repeat a page, never lose one.
    await writeFile(`${partial.offset}.tmp`, JSON.stringify(state));
    await rename(`${partial.offset}.tmp`, partial.offset);
    options.onProgress?.({ offset: state.offset, total, written: state.written });
  }

  if (toDir) {
    await splitFile(partial.data, options.output, { ratios: options.ratios, seed: options.seed, force: options.force, strict: true, onProblem: () => {} });
    await rm(partial.data);
  } else {
    await rename(partial.data, options.output);
  }
  await rm(partial.offset, { force: true });
  return { rows: state.offset, written: state.written, skipped: state.skipped, resumedFrom, outputs };
}

async function resumeState(options: HfDownloadOptions, partial: { data: string; offset: string }): Promise<State> {
  const fresh: State = { dataset: options.dataset, config: options.config, split: options.split, preset: options.preset, offset: 0, bytes: 0, written: 0, skipped: 0 };
  if (!existsSync(partial.offset)) {
    await writeFile(partial.data, "");
    return fresh;
  }
  const saved = stateSchema.safeParse(JSON.parse(await readFile(partial.offset, "utf8")));
  if (!saved.success) throw new DatasetError(`${partial.offset} is not a download offset file: delete it to start over`);
  const s = saved.data;
  if (s.dataset !== fresh.dataset || s.config !== fresh.config || s.split !== fresh.split || s.preset !== fresh.preset)
    throw new DatasetError(`${partial.offset} belongs to a download of ${s.dataset} (${s.config}/${s.split}, ${s.preset}): delete it or choose another output`);
  if (!existsSync(partial.data) || (await stat(partial.data)).size < s.bytes)
    throw new DatasetError(`${partial.data} is shorter than ${partial.offset} says: delete both to start over`);
  // Drop anything appended after the last saved offset (a page cut short by the interruption).
  await truncate(partial.data, s.bytes);
  return s;
}

async function fetchPage(options: HfDownloadOptions, offset: number, length: number): Promise<z.infer<typeof rowsPageSchema>> {
  const url = new URL("/rows", options.endpoint);
  url.search = new URLSearchParams({ dataset: options.dataset, config: options.config, split: options.split, offset: String(offset), length: String(length) }).toString();
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  let lastError = "";
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { headers });
    } catch (error) {
      lastError = `cannot reach ${url.origin}: ${error instanceof Error ? error.message : String(error)}`;
      await wait(options, attempt, null, lastError);
      continue;
    }
    if (response.ok) {
      const page = rowsPageSchema.safeParse(await response.json());
      if (!page.success) throw new DatasetError(`${url.origin} answered rows in an unexpected shape: ${page.error.issues[0]?.message}`);
      return page.data;
    }
    const body = await response.text();
    const message = errorText(body) ?? response.statusText;
    lastError = `${response.status} from the rows API at offset ${offset}: ${message}`;
    if (response.status === 429 || response.status >= 500) {
      await wait(options, attempt, response.headers.get("retry-after"), lastError);
      continue;
    }
    const hint = response.status === 401 || response.status === 403 ? " (gated dataset? set HF_TOKEN)" : "";
    throw new DatasetError(`${lastError}${hint}`);
  }
  throw new DatasetError(`${lastError}; gave up after ${options.retries} retries — run the same command again to resume at row ${offset}`);
}

function errorText(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    return typeof parsed.error === "string" ? parsed.error : undefined;
  } catch {
    return body.trim() || undefined;
  }
}

/** Honours Retry-After (seconds or an HTTP date); otherwise exponential backoff. */
export function retryDelayMs(retryAfter: string | null, attempt: number, backoffMs: number, now = Date.now()): number {
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  return backoffMs * 2 ** attempt;
}

async function wait(options: HfDownloadOptions, attempt: number, retryAfter: string | null, message: string): Promise<void> {
  if (attempt >= options.retries) return;
  const ms = retryDelayMs(retryAfter, attempt, options.backoffMs);
  options.onRetry?.(`${message}; retrying in ${(ms / 1000).toFixed(1)} s`);
  await Bun.sleep(ms);
}
