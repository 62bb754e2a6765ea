/**
 * The log: in ACP mode stdout belongs to JSON-RPC, so everything human goes to a file that
 * rotates at 10 MB keeping 3 old files. Several punie processes may share it: each line is one
 * O_APPEND write (never interleaved), tagged with the process id.
 */
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";

export type LogLevel = "error" | "warn" | "info" | "debug";
export const LOG_LEVELS: readonly LogLevel[] = ["error", "warn", "info", "debug"];

export type Logger = Record<LogLevel, (message: string, detail?: unknown) => void>;

export const ROTATE_BYTES = 10 * 1024 * 1024;
export const KEEP_FILES = 3;

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };

export function parseLogLevel(value: string | undefined): LogLevel | null {
  if (value === undefined) return "info";
  return (LOG_LEVELS as readonly string[]).includes(value) ? (value as LogLevel) : null;
}

export type FileLoggerOptions = { dir: string; level: LogLevel; file?: string; rotateBytes?: number; keep?: number };

export function createFileLogger(options: FileLoggerOptions): Logger {
  const path = join(options.dir, options.file ?? "punie.log");
  const rotateBytes = options.rotateBytes ?? ROTATE_BYTES;
  const keep = options.keep ?? KEEP_FILES;
  const threshold = LOG_LEVELS.indexOf(options.level);
  mkdirSync(options.dir, { recursive: true });
  let fd = openSync(path, "a");

  const rotateIfNeeded = () => {
    // Another process may have rotated already: compare against the file at the path, not our fd.
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      size = 0;
    }
    if (size < rotateBytes) {
      if (fstatSync(fd).nlink === 0 || size === 0) reopen();
      return;
    }
    for (let index = keep - 1; index >= 1; index--) {
      try {
        renameSync(`${path}.${index}`, `${path}.${index + 1}`);
      } catch {}
    }
    try {
      renameSync(path, `${path}.1`);
    } catch {}
    reopen();
  };
  const reopen = () => {
    closeSync(fd);
    fd = openSync(path, "a");
  };

  const write = (level: LogLevel, message: string, detail?: unknown) => {
    if (LOG_LEVELS.indexOf(level) > threshold) return;
    const extra = detail === undefined ? "" : ` ${formatDetail(detail)}`;
    // Continuation lines (stack traces) are indented so every record starts with its timestamp.
    const text = `${message}${extra}`.replaceAll("\n", "\n    ");
    const line = `${new Date().toISOString()} ${level.toUpperCase()} [${process.pid}] ${text}\n`;
    try {
      rotateIfNeeded();
      writeSync(fd, line);
    } catch {
      // Logging must never take the agent down.
    }
  };
  return {
    error: (message, detail) => write("error", message, detail),
    warn: (message, detail) => write("warn", message, detail),
    info: (message, detail) => write("info", message, detail),
    debug: (message, detail) => write("debug", message, detail),
  };
}

function formatDetail(detail: unknown): string {
  if (detail instanceof Error) return detail.stack ?? detail.message;
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}
