/**
 * `isatty(fd)` without loading node:tty when the answer is no for sure: a terminal is always a
 * character device, and a pipe (how an IDE starts punie) is not one. node:tty brings node's
 * stream machinery with it, several milliseconds of every ACP start for a hint only a person
 * typing `punie` in a terminal sees.
 */
import { fstatSync } from "node:fs";

export function isTerminal(fd: number): boolean {
  let characterDevice: boolean;
  try {
    characterDevice = fstatSync(fd).isCharacterDevice();
  } catch {
    // Not an open descriptor: not a terminal either (isatty says the same).
    return false;
  }
  // /dev/null is a character device too: only then is the real question asked.
  return characterDevice && (require("node:tty") as typeof import("node:tty")).isatty(fd);
}
