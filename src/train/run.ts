/**
 * One training run: data checked, lora_config.yaml written, `mlx_lm lora` started through
 * src/process/, its output parsed into events (shown, recorded in training.json and the database
 * as they come), and the end recorded as finished, failed or interrupted (Ctrl-C: the child is
 * stopped, its checkpoints kept). `--resume` continues from the folder's last checkpoint with the
 * remaining iterations, numbering on from the checkpoint's iteration.
 */
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { distributedArgv, type Launch } from "../mlx/launch.ts";
import { LOG_TAIL_LINES, MlxError } from "../mlx/errors.ts";
import { type MlxPython, pythonEnv } from "../mlx/python.ts";
import { createTail, describeExit, type ExitInfo, forEachLine, onShutdown, shutdownSignal, spawnChild } from "../process/index.ts";
import type { Store } from "../store/open.ts";
import { saveTrainingRun } from "../store/training-runs.ts";
import { loraArgv, loraYaml } from "./argv.ts";
import type { TrainSettings } from "./config.ts";
import { checkTrainingData } from "./data-check.ts";
import { offsetEvent, type TrainEvent } from "./events.ts";
import { collectResumed, collectResumedFinal, listCheckpoints, LOG_FILE, LORA_CONFIG_FILE, readRecord, RESUME_DIR, writeRecord } from "./files.ts";
import { fingerprintData } from "./fingerprint.ts";
import { parseTrainLine } from "./log-parse.ts";
import type { ProgressView } from "./progress.ts";
import { applyEvent, type TrainingRecord, toRunRow, truncateAt } from "./record.ts";

export type TrainRequest = {
  kind: TrainingRecord["kind"];
  /** Absolute paths. */
  model: string;
  data: string;
  output: string;
  settings: TrainSettings;
  launch?: Launch | undefined;
  /** Continue the run in `output` from its last checkpoint. */
  resume?: boolean;
  /** Start over in an `output` that already holds a run. */
  force?: boolean;
  /** The data was checked already (a grid checks once). */
  dataChecked?: boolean;
  python: MlxPython;
  env: Record<string, string | undefined>;
  cwd: string;
  store: Store | null;
  /** Made once the first iteration and the total are known. */
  view(total: number, startIteration: number): ProgressView;
  signal?: AbortSignal;
};

export type TrainOutcome = { record: TrainingRecord; logTail: string[] };

/** What a resumed run continues from. */
type Start = { record: TrainingRecord | null; offset: number; resumeFile?: string };

/**
 * Runs mlx_lm lora to the end (or to Ctrl-C). Problems found before mlx_lm starts (data, an
 * occupied folder, nothing to resume) throw MlxError; a run that started always resolves with
 * its record, whatever its status.
 */
export async function runTraining(request: TrainRequest): Promise<TrainOutcome> {
  const start = prepareStart(request);
  if (!request.dataChecked) await checkTrainingData(request.data, { batchSize: request.settings.batchSize, test: request.settings.test });
  const { output, settings } = request;
  const remaining = settings.iters - start.offset;
  if (remaining <= 0) throw new MlxError(`${output} is at iteration ${start.offset} of ${settings.iters} already: raise --iters to train further`);

  mkdirSync(output, { recursive: true });
  const adapterPath = start.resumeFile ? join(output, RESUME_DIR) : output;
  rmSync(join(output, RESUME_DIR), { recursive: true, force: true });
  const configPath = join(output, LORA_CONFIG_FILE);
  await Bun.write(configPath, loraYaml(settings));
  const lora = loraArgv(request.python.path, settings, {
    model: request.model,
    data: request.data,
    adapterPath,
    configPath,
    ...(start.resumeFile ? { resumeFile: start.resumeFile } : {}),
  }, remaining);
  const argv = distributedArgv(lora, request.launch, request.python.path, request.env);
  const data = await fingerprintData(request.data);

  let record = initialRecord(request, start, argv, data);
  const persist = async () => {
    await writeRecord(output, record);
    if (request.store) saveTrainingRun(request.store, toRunRow(record));
  };
  let finish: (outcome: TrainOutcome) => void = () => {};
  const finished = new Promise<TrainOutcome>((resolve) => (finish = resolve));
  // Ctrl-C: the supervisor stops the child, then waits for this run to record itself.
  const offShutdown = onShutdown(() => finished);
  const interrupted = () => shutdownSignal().aborted || request.signal?.aborted === true;
  const tail = createTail(LOG_TAIL_LINES);
  const log = openSync(join(output, LOG_FILE), "a");
  const startedAt = Date.now();

  try {
    await persist();
    const view = request.view(settings.iters, start.offset);
    const end = async (exit: ExitInfo | null): Promise<TrainOutcome> => {
      const status = exit?.code === 0 ? "finished" : interrupted() ? "interrupted" : "failed";
      if (start.resumeFile) {
        for (const moved of collectResumed(output, start.offset)) record = applyEvent(record, { type: "save", ...moved });
        if (status === "finished") collectResumedFinal(output);
        rmSync(join(output, RESUME_DIR), { recursive: true, force: true });
      }
      record = {
        ...record,
        status,
        endedAt: new Date().toISOString(),
        durationS: (start.record?.durationS ?? 0) + (Date.now() - startedAt) / 1000,
        exit,
        // No exit only when interrupted before mlx_lm started.
        error: status === "failed" && exit ? `mlx_lm lora ${describeExit(exit)}` : null,
      };
      await persist();
      view.end(record);
      const outcome = { record, logTail: tail.lines() };
      finish(outcome);
      return outcome;
    };
    // Interrupted while getting ready: nothing to start.
    if (interrupted()) return await end(null);

    writeSync(log, `\n# ${new Date().toISOString()} ${argv.join(" ")}\n`);
    const child = spawnChild(argv, { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: pythonEnv(request.env), cwd: request.cwd, graceMs: 5000, ...(request.signal ? { signal: request.signal } : {}) });
    let pendingWrite: Promise<void> = Promise.resolve();
    const onLine = (line: string) => {
      writeSync(log, `${line}\n`);
      if (line.trim()) tail.push(line);
      const parsed = parseTrainLine(line);
      if (!parsed) return;
      const event = placeEvent(offsetEvent(parsed, start.offset), request, start);
      record = applyEvent(record, event);
      view.event(event);
      if (event.type === "val" || event.type === "save") pendingWrite = pendingWrite.then(persist);
    };
    const [exit] = await Promise.all([child.exited, forEachLine(child.proc.stdout, onLine), forEachLine(child.proc.stderr, onLine)]);
    await pendingWrite;
    return await end(exit);
  } finally {
    closeSync(log);
    offShutdown();
  }
}

function prepareStart(request: TrainRequest): Start {
  const existing = readRecord(request.output);
  if (!request.resume) {
    if (existing && !request.force)
      throw new MlxError(`${request.output} already holds a run (${existing.status}): --resume to continue it, --force to start over, or another --output`);
    if (request.force && existsSync(request.output)) {
      for (const checkpoint of listCheckpoints(request.output)) rmSync(checkpoint.file, { force: true });
      rmSync(join(request.output, "adapters.safetensors"), { force: true });
    }
    return { record: null, offset: 0 };
  }
  if (!existing) throw new MlxError(`${request.output}: nothing to resume (no training.json); start a run there without --resume`);
  const last = listCheckpoints(request.output).at(-1);
  if (!last) throw new MlxError(`${request.output}: no checkpoint to resume from yet (mlx_lm saves every --save-every ${existing.settings.saveEvery} iterations)`);
  return { record: existing, offset: last.iteration, resumeFile: last.file };
}

/** Save events name files relative to mlx_lm's folder; a resumed segment's are renumbered. */
function placeEvent(event: TrainEvent, request: TrainRequest, start: Start): TrainEvent {
  if (event.type === "train" && event.trainedTokens !== undefined && start.record) {
    // mlx_lm counts tokens from zero again: add the share of the earlier segment up to the checkpoint.
    const before = start.record.trainedTokens ?? 0;
    const share = start.record.lastIteration > 0 ? Math.round((before * start.offset) / start.record.lastIteration) : 0;
    return { ...event, trainedTokens: event.trainedTokens + share };
  }
  if (event.type !== "save") return event;
  if (start.resumeFile) {
    const moved = collectResumed(request.output, start.offset).find((c) => c.iteration === event.iteration);
    return { ...event, file: moved?.file ?? event.file };
  }
  return { ...event, file: event.file.includes("/") ? event.file : join(request.output, event.file) };
}

function initialRecord(request: TrainRequest, start: Start, argv: string[], data: Awaited<ReturnType<typeof fingerprintData>>): TrainingRecord {
  const common = {
    status: "running" as const,
    settings: request.settings,
    argv,
    python: request.python.path,
    mlxLmVersion: request.python.mlxLmVersion,
    endedAt: null,
    exit: null,
    error: null,
    dataFingerprint: data.fingerprint,
    dataFiles: data.files,
  };
  if (start.record && start.resumeFile) {
    return { ...truncateAt(start.record, start.offset), ...common, resumedFrom: { iteration: start.offset, file: start.resumeFile } };
  }
  return {
    version: 1,
    id: randomBytes(4).toString("hex"),
    kind: request.kind,
    model: request.model,
    data: request.data,
    output: request.output,
    startedAt: new Date().toISOString(),
    durationS: null,
    trainableParameters: null,
    curves: { train: [], val: [] },
    lastIteration: 0,
    tokensPerSec: null,
    itPerSec: null,
    trainedTokens: null,
    peakMemGb: null,
    test: null,
    checkpoints: [],
    resumedFrom: null,
    ...common,
  };
}
