/**
 * A set of 64-bit hashes in one BigUint64Array (open addressing, linear probing): 8 bytes per
 * unique row at 50% load, where a JS Set<bigint> would cost ~50. Dedup is the only part of the
 * dataset commands whose memory grows with the input.
 */

export type HashSet64 = {
  /** Adds the hash of `text`; false when it was already there. */
  addText(text: string): boolean;
  readonly size: number;
};

export function hashText(text: string): bigint {
  const h = BigInt(Bun.hash(text));
  // 0 marks an empty slot.
  return h === 0n ? 1n : h;
}

export function createHashSet64(initialCapacity = 1 << 12): HashSet64 {
  let slots = new BigUint64Array(initialCapacity);
  let mask = BigInt(initialCapacity - 1);
  let size = 0;

  const insert = (table: BigUint64Array, tableMask: bigint, h: bigint): boolean => {
    let i = Number(h & tableMask);
    const last = table.length - 1;
    for (;;) {
      const current = table[i];
      if (current === 0n) {
        table[i] = h;
        return true;
      }
      if (current === h) return false;
      i = i === last ? 0 : i + 1;
    }
  };

  const grow = () => {
    const bigger = new BigUint64Array(slots.length * 2);
    const biggerMask = BigInt(bigger.length - 1);
    for (const h of slots) if (h !== 0n) insert(bigger, biggerMask, h);
    slots = bigger;
    mask = biggerMask;
  };

  return {
    addText(text) {
      if ((size + 1) * 2 > slots.length) grow();
      const added = insert(slots, mask, hashText(text));
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
