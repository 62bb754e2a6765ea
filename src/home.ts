/** Where Punie keeps its own files: ~/.punie, moved by PUNIE_HOME. */
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export type Env = Readonly<Record<string, string | undefined>>;

export function punieHome(env: Env): string {
  return env.PUNIE_HOME ? resolve(env.PUNIE_HOME) : join(env.HOME || homedir(), ".punie");
}

export function defaultLogDir(env: Env): string {
  return join(punieHome(env), "logs");
}
