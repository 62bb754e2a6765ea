import { expect, test } from "bun:test";
import { runCli } from "./helpers.ts";

const COMMANDS = [["validate"], ["stats"], ["filter"], ["merge"], ["split"], ["download", "sample"], ["download", "hf"], ["export"]];

test("every dataset command's --help shows an example", async () => {
  const results = await Promise.all(COMMANDS.map((command) => runCli([...command, "--help"])));
  results.forEach((result, i) => {
    const help = result.stdout + result.stderr;
    expect(help, COMMANDS[i]?.join(" ")).toContain(`Example: punie dataset ${COMMANDS[i]?.join(" ")}`);
  });
});
