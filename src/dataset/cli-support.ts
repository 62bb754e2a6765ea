/** Small helpers for cli/dataset.ts. Each command imports only its own modules: zod and franc cost more to load than a small dataset takes to check. */
import { existsSync, statSync } from "node:fs";
import { DatasetError } from "./errors.ts";
import { datasetParts } from "./files.ts";


/** Bytes a command will read (for progress); 0 when the path is not there yet. */
export function totalBytes(path: string): number {
  if (!existsSync(path)) return 0;
  if (!statSync(path).isDirectory()) return statSync(path).size;
  try {
    return datasetParts(path).reduce((sum, p) => sum + statSync(p.path).size, 0);
  } catch {
    return 0;
  }
}

/** "3.12" → 12. */
export function parseMinPython(text: string): number {
  const match = /^3\.(\d{1,2})$/.exec(text.trim());
  if (!match) throw new DatasetError(`--min-python ${text}: expected a Python 3 version such as 3.12`);
  return Number(match[1]);
}
