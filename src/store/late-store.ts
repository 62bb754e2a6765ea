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
  let waiting: ((store: Store) => void)[] = [];
  const open = () => {
    if (opened) return;
    opened = true;
    real = openStore(options);
    const actions = waiting;
    waiting = [];
    if (real) for (const action of actions) action(real);
  };
  return {
    path: options.path,
    get healthy() {
      return opened ? (real?.healthy ?? false) : true;
    },
    use(what, fallback, action) {
      if (opened) return real ? real.use(what, fallback, action) : fallback;
      waiting.push((store) => void store.use(what, fallback, action));
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
