/**
 * `bun run bench`: every benchmark, each comparing Punie with a baseline measured in the same run
 * and printing ratios. Pass a name to run one: bun run bench startup|overhead|cancel|dataset|serve|eval
 */
import { join } from "node:path";

const BENCHES: Record<string, string[]> = {
  startup: ["startup.ts"],
  overhead: ["overhead.ts"],
  cancel: ["cancel.ts"],
  dataset: ["dataset.ts"],
  serve: ["serve.ts"],
  eval: ["eval.ts"],
  cold: ["cold.ts"],
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
for (const name of names) {
  const files = BENCHES[name];
  if (!files) {
    console.error(`unknown bench "${name}": one of ${Object.keys(BENCHES).join(", ")}`);
    process.exit(1);
  }
  console.log(`\n=== ${name} ===`);
  for (const file of files) {
    const proc = Bun.spawn([process.execPath, join(import.meta.dir, file)], { stdout: "inherit", stderr: "inherit" });
    if ((await proc.exited) !== 0) process.exit(1);
  }
}
