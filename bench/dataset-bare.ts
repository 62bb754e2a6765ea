/**
 * The baseline the dataset commands are measured against: a bare Bun loop that streams each file,
 * splits lines and JSON.parses them — nothing else. Usage: bun bench/dataset-bare.ts DIR
 */
import { join } from "node:path";

let lines = 0;
for (const split of ["train", "valid", "test"]) {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of Bun.file(join(process.argv[2] ?? ".", `${split}.jsonl`)).stream()) {
    const parts = (rest + decoder.decode(chunk, { stream: true })).split("\n");
    rest = parts.pop() ?? "";
    for (const line of parts) {
      JSON.parse(line);
      lines++;
    }
  }
  if (rest) {
    JSON.parse(rest);
    lines++;
  }
}
console.log(lines);
