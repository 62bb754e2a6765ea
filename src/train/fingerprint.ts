/** The data a run was trained on, as sha256 of each split file and one hash over them. */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";

export type DataFile = { file: string; sha256: string; bytes: number };

export async function fingerprintData(dir: string): Promise<{ fingerprint: string; files: DataFile[] }> {
  const files: DataFile[] = [];
  for (const name of ["train.jsonl", "valid.jsonl", "test.jsonl"]) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    const hasher = new Bun.CryptoHasher("sha256");
    for await (const chunk of Bun.file(path).stream()) hasher.update(chunk);
    files.push({ file: name, sha256: hasher.digest("hex"), bytes: statSync(path).size });
  }
  const all = new Bun.CryptoHasher("sha256");
  for (const f of files) all.update(`${f.file} ${f.sha256}\n`);
  return { fingerprint: all.digest("hex"), files };
}
