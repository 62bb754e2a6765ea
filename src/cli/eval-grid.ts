/** `punie eval grid`: placeholder until the grid lands (see below). */
import { defineCommand } from "citty";
import { CliError } from "../errors.ts";
import { cliAction } from "./action.ts";

export const evalGridCommand = defineCommand({
  meta: { name: "grid", description: "Score a suite over a grid of sampling settings." },
  args: {},
  run: cliAction(async () => {
    throw new CliError("punie eval grid is not available yet.");
  }),
});
