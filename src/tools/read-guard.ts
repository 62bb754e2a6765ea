/**
 * Deny rules on reads, for the tools that show file content or names to the model: a file a
 * settings rule denies is refused by read_file and edit_file, and left out of list_files and
 * search_text (which say how many they left out). The check happens before the Workspace is asked,
 * so the IDE's `fs/read_text_file` route is covered as much as the disk.
 */
import { join } from "node:path";
import { PermissionDeniedError } from "../errors.ts";
import type { PermissionGate } from "../permissions/gate.ts";
import { absolutePath } from "./paths.ts";

/**
 * Throws PermissionDeniedError when a rule denies reading the file, named as the model gave it
 * (`named`, relative to `cwd`) or by its resolved path `real`.
 */
export function refuseDeniedRead(permissions: PermissionGate, named: string, real: string, cwd: string): void {
  const denial = permissions.readDenial([absolutePath(named, cwd), real]);
  if (denial !== null) throw new PermissionDeniedError(denial);
}

/** True when a rule hides this entry from listings; a folder is hidden when everything in it is. */
export function hiddenByRule(permissions: PermissionGate, absPath: string, isDir: boolean): boolean {
  return permissions.readDenial(isDir ? [absPath, join(absPath, "*")] : [absPath]) !== null;
}

/** The note a listing or a search adds when rules hid something (no names: they are the secret). */
export function hiddenNote(hidden: number): string | null {
  if (hidden === 0) return null;
  return `[${hidden} ${hidden === 1 ? "file or folder is" : "files or folders are"} hidden by a settings deny rule and not shown.]`;
}
