/** Where the model servers' logs and the fused-model cache live: under PUNIE_HOME (~/.punie). */
import { join } from "node:path";
import { type Env, punieHome } from "../home.ts";

export function runDir(env: Env): string {
  return join(punieHome(env), "run");
}

export function fusedCacheDir(env: Env): string {
  return join(punieHome(env), "fused");
}
