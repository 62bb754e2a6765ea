// Child process for the interrupted-write tests: writes with writeFileAtomic and is killed by the test.
import { writeFileAtomic } from "../../src/workspace/atomic-write.ts";

const [mode, target] = process.argv.slice(2);
if (!target) throw new Error("usage: local-atomic-writer.ts hang|loop TARGET");

if (mode === "hang") {
  // Stop after the temp file exists, before any content is written: the test kills us here.
  await writeFileAtomic(target, "NEW CONTENT\n", {
    beforeWrite: async () => {
      process.stdout.write("temp-created\n");
      await new Promise(() => {});
    },
  });
} else {
  // Rewrite the file over and over with two full contents; the test kills us mid-way.
  const a = "A".repeat(2 * 1024 * 1024);
  const b = "B".repeat(2 * 1024 * 1024);
  for (let i = 0; ; i++) {
    await writeFileAtomic(target, i % 2 === 0 ? a : b);
    if (i === 3) process.stdout.write("writing\n");
  }
}
