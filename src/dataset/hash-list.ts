/**
 * Row hashes (Bun.hash, 64-bit wyhash) kept to count exact duplicates once, at the end of `stats`:
 * appending to one growing BigUint64Array is sequential, where a hash set's probe per row is a
 * cache miss into a table twice the size; one native sort then lines equal hashes up. 8 bytes per
 * row (a hash set: 16–32). `filter` and `merge` must know at each row whether it is new, so they
 * keep the hash set (hash-set.ts).
 */

export type HashList = {
  /** Adds the hash of `text`. */
  addText(text: string): void;
  /** The hashes added so far (a view of the list's buffer). */
  hashes(): BigUint64Array;
};

export function createHashList(initialSize = 1 << 12): HashList {
  let hashes = new BigUint64Array(initialSize);
  let count = 0;
  return {
    addText(text) {
      if (count === hashes.length) {
        const bigger = new BigUint64Array(hashes.length * 2);
        bigger.set(hashes);
        hashes = bigger;
      }
      // Bun.hash's default (wyhash) is 64-bit: always a bigint.
      hashes[count++] = Bun.hash(text) as bigint;
    },
    hashes: () => hashes.subarray(0, count),
  };
}

/**
 * Hashes that an earlier one already had, over the lists of every range of a file (sorted in
 * place when there is one list).
 */
export function countDuplicates(lists: readonly BigUint64Array[]): number {
  let all = lists[0] ?? new BigUint64Array(0);
  if (lists.length > 1) {
    all = new BigUint64Array(lists.reduce((sum, list) => sum + list.length, 0));
    let at = 0;
    for (const list of lists) {
      all.set(list, at);
      at += list.length;
    }
  }
  all.sort();
  // Compared as 32-bit halves: reading a BigUint64Array element allocates a BigInt.
  const halves = new Uint32Array(all.buffer, all.byteOffset, all.length * 2);
  let duplicates = 0;
  for (let i = 2; i < halves.length; i += 2) if (halves[i] === halves[i - 2] && halves[i + 1] === halves[i - 1]) duplicates++;
  return duplicates;
}
