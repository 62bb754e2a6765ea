/**
 * A Store opened late: its writes wait, in order, until `open()`. `punie ask` opens the database
 * (file, migrations check) and writes the session's first rows while its model request is on the
 * way, instead of before sending it.
 */
import { type OpenStoreOptions, openStore, type Store } from "./open.ts";

export type LateStore = Store & {
  /** Opens the database and writes what waited; later calls do nothing. */
  open(): void;
};

/**
 * openStore(options), late. Until `open()`, `use()` queues the action and
 * returns its fallback, as a store that is off would: open it before anything reads from it.
 * `close()` opens it first when writes are waiting, and never creates the file for nothing.
 *
 * @example
 * const store = lateStore({ path: defaultStorePath(env), log });
 * claimSession(store, session); // waits
 * store.open(); // the database is opened and the session row written
 */
export function lateStore(options: OpenStoreOptions): LateStore {
  let opened = false;
  let real: Store | null = null;
  let waiting: { what: string; write(store: Store): void }[] = [];
  const open = () => {
    if (opened) return;
    opened = true;
    const store = openStore(options);
    real = store;
    const writes = waiting;
    waiting = [];
    const [first, last] = [writes[0], writes.at(-1)];
    if (!store || !first || !last) return;
    // One transaction for what waited: one commit, each page logged once. A failure is reported
    // by the write that met it (a lock held too long by the first) and turns the store off, as
    // it would have one write at a time.
    store.use(first.what, undefined, (db) => db.run("BEGIN IMMEDIATE"));
    for (const { write } of writes) write(store);
    store.use(last.what, undefined, (db) => db.run("COMMIT"));
  };
  return {
    path: options.path,
    get healthy() {
      return opened ? (real?.healthy ?? false) : true;
    },
    use(what, fallback, action) {
      if (opened) return real ? real.use(what, fallback, action) : fallback;
      waiting.push({ what, write: (store) => void store.use(what, fallback, action) });
      return fallback;
    },
    open,
    close() {
      if (waiting.length > 0) open();
      opened = true;
      real?.close();
    },
  };
}
