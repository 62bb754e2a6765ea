/**
 * `isatty(fd)` without loading node:tty when the answer is no for sure: a terminal is always a
 * character device, and a pipe (how an IDE starts punie) is not one. node:tty brings node's
 * stream machinery with it, several milliseconds of every ACP start for a hint only a person
 * typing `punie` in a terminal sees.
 */
import { fstatSync, statSync } from "node:fs";

export function isTerminal(fd: number): boolean {
  let device: { isCharacterDevice(): boolean; rdev: number };
  try {
    device = fstatSync(fd);
  } catch {
    // Not an open descriptor: not a terminal either (isatty says the same).
    return false;
  }
  if (!device.isCharacterDevice()) return false;
  // /dev/null (a command's ignored stdin: `< /dev/null`, a spawn with stdin ignored) is a character
  // device too, and never a terminal: the same device number answers without node:tty.
  if (device.rdev === devNullDevice()) return false;
  return (require("node:tty") as typeof import("node:tty")).isatty(fd);
}

let devNull: number | undefined;
function devNullDevice(): number {
  if (devNull === undefined) {
    try {
      devNull = statSync("/dev/null").rdev;
    } catch {
      devNull = -1;
    }
  }
  return devNull;
}
