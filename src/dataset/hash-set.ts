/**
 * A set of 64-bit row hashes (Bun.hash, wyhash) in one Uint32Array of hi/lo pairs (open
 * addressing, linear probing): 8 bytes per slot, 16 per unique row at most at 50% load, where a
 * JS Set<bigint> costs ~50. The hash is split once so that probing is plain number arithmetic —
 * BigInt operations in the loop cost more than the hashing. Dedup is the only part of the
 * dataset commands whose memory grows with the input.
 */

export type HashSet64 = {
  /** Adds the hash of `text`; false when it was already there. */
  addText(text: string): boolean;
  /** Adds a hash split by `hashHalves` (e.g. computed in a worker); false when already there. */
  addHash(hi: number, lo: number): boolean;
  readonly size: number;
};

// Splitting through a shared buffer costs no BigInt arithmetic (each op allocates).
const scratch = new BigUint64Array(1);
const halves = new Uint32Array(scratch.buffer);

/**
 * Bun.hash (64-bit wyhash) of `text` as unsigned 32-bit halves: [0] low, [1] high. One shared
 * array, overwritten by the next call: a row costs no allocation beyond Bun.hash's BigInt.
 */
function hashHalves(text: string): Uint32Array {
  scratch[0] = Bun.hash(text) as bigint;
  return halves;
}

export function createHashSet64(initialSlots = 1 << 12): HashSet64 {
  let slots = new Uint32Array(initialSlots * 2);
  let mask = initialSlots - 1;
  let size = 0;

  // A slot is empty when both halves are 0; a real hash of 0 is stored as 1.
  const insert = (table: Uint32Array, tableMask: number, hi: number, lo: number): boolean => {
    let i = (lo ^ hi) & tableMask;
    for (;;) {
      const at = i * 2;
      const sh = table[at] as number;
      const sl = table[at + 1] as number;
      if (sh === 0 && sl === 0) {
        table[at] = hi;
        table[at + 1] = lo;
        return true;
      }
      if (sh === hi && sl === lo) return false;
      i = (i + 1) & tableMask;
    }
  };

  const grow = () => {
    const old = slots;
    const count = (old.length / 2) * 2;
    slots = new Uint32Array(count * 2);
    mask = count - 1;
    for (let at = 0; at < old.length; at += 2) {
      const hi = old[at] as number;
      const lo = old[at + 1] as number;
      if (hi !== 0 || lo !== 0) insert(slots, mask, hi, lo);
    }
  };

  return {
    addText(text) {
      const hash = hashHalves(text);
      return this.addHash(hash[1] as number, hash[0] as number);
    },
    addHash(hi, lo) {
      if ((size + 1) * 2 > slots.length / 2) grow();
      const added = insert(slots, mask, hi, lo === 0 && hi === 0 ? 1 : lo);
      if (added) size++;
      return added;
    },
    get size() {
      return size;
    },
  };
}

/** Whitespace-insensitive form of a row: every string trimmed with whitespace runs collapsed. */
export function normaliseWhitespace(row: unknown): string {
  return JSON.stringify(row, (_key, value: unknown) => (typeof value === "string" ? value.replace(/\s+/g, " ").trim() : value));
}
