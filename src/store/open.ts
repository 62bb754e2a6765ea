/**
 * Opening the database. Many punie processes share one file (one per IDE window), so it runs in
 * WAL mode with a busy timeout and takes write locks up front. Whatever goes wrong — a lock held
 * too long, a corrupt file, a schema from a newer punie — is warned about once and the agent runs
 * on without history: persistence is never a reason to stop working.
 */
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { punieHome } from "../home.ts";
import { dirname, join } from "node:path";
import { errorMessage } from "../errors.ts";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations.ts";

export type StoreLog = { warn(message: string): void };

export type Store = {
  readonly path: string;
  /** False once a failure turned the store into a no-op. */
  readonly healthy: boolean;
  /**
   * Runs `action` on the database. On any failure it warns once, disables the store and returns
   * `fallback`; once disabled it returns `fallback` without touching the database.
   */
  use<T>(what: string, fallback: T, action: (db: Database) => T): T;
  close(): void;
};

export type OpenStoreOptions = {
  /** The database file; see `defaultStorePath`. */
  path: string;
  log?: StoreLog;
  /** How long to wait for another process's lock before giving up (ms). */
  busyTimeoutMs?: number;
};

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/** `$PUNIE_HOME/punie.db`, or `~/.punie/punie.db`. */
export function defaultStorePath(env: Record<string, string | undefined>): string {
  return join(punieHome(env), "punie.db");
}

export { punieHome };

const defaultLog: StoreLog = { warn: (message) => console.warn(message) };

/**
 * Opens (creating and migrating as needed) the database, or returns null after `log.warn` saying
 * why it cannot be used.
 *
 * @example
 * const store = openStore({ path: defaultStorePath(process.env), log });
 * if (store) recordTurn(store, sessionId, record);
 */
export function openStore(options: OpenStoreOptions): Store | null {
  const log = options.log ?? defaultLog;
  let db: Database | null = null;
  try {
    mkdirSync(dirname(options.path), { recursive: true });
    db = new Database(options.path, { create: true, readwrite: true, strict: true });
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
    prepare(db);
  } catch (error) {
    closeQuietly(db);
    log.warn(`Punie's database at ${options.path} cannot be used (${describe(error)}); continuing without history.`);
    return null;
  }
  return wrap(db, options.path, log);
}

function prepare(db: Database): void {
  const version = readVersion(db);
  if (version > SCHEMA_VERSION) throw new NewerSchemaError(version);
  // Reading the version above also proves the file is a database before anything is written.
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
  // IMMEDIATE takes the write lock now: two processes opening a new file at once migrate in
  // turn, and the second re-reads the version inside its transaction and finds nothing to do.
  // On an up-to-date file this is also the probe that another process is not holding the lock.
  db.transaction(() => {
    const current = readVersion(db);
    if (current > SCHEMA_VERSION) throw new NewerSchemaError(current);
    for (let next = current; next < SCHEMA_VERSION; next++) {
      db.exec(MIGRATIONS[next] ?? "");
      db.exec(`PRAGMA user_version = ${next + 1}`);
    }
  }).immediate();
}

function readVersion(db: Database): number {
  const row = db.query("PRAGMA user_version").get() as { user_version: number } | null;
  return row?.user_version ?? 0;
}

class NewerSchemaError extends Error {
  constructor(version: number) {
    super(`it was written by a newer punie (schema version ${version}, this build knows ${SCHEMA_VERSION}); upgrade punie`);
  }
}

function wrap(db: Database, path: string, log: StoreLog): Store {
  let healthy = true;
  return {
    path,
    get healthy() {
      return healthy;
    },
    use(what, fallback, action) {
      if (!healthy) return fallback;
      try {
        return action(db);
      } catch (error) {
        healthy = false;
        log.warn(`Punie's database at ${path} failed to ${what} (${describe(error)}); history is off for this session.`);
        closeQuietly(db);
        return fallback;
      }
    },
    close() {
      healthy = false;
      closeQuietly(db);
    },
  };
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "SQLITE_BUSY") return "it is locked by another process";
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") return "the file is corrupt or not a database";
  return errorMessage(error);
}

function closeQuietly(db: Database | null): void {
  try {
    db?.close();
  } catch {
    // Already closed or unusable: nothing left to release.
  }
}
