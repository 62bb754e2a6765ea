/**
 * Wraps a command's run so every failure is one line on stderr with the right exit code —
 * never a stack trace (DESIGN.md: errors).
 */
import { CliError, errorMessage, PunieError } from "../errors.ts";
import { fsErrorLine } from "../fs-error.ts";
import { USAGE_EXIT } from "./strict.ts";

export function cliAction<C>(run: (context: C) => Promise<number | void>): (context: C) => Promise<void> {
  return async (context) => {
    let code: number | void;
    try {
      code = await run(context);
    } catch (error) {
      const exitCode = error instanceof CliError ? error.exitCode : 1;
      // A usage mistake reads like the strict argument check's: the line alone, already prefixed.
      if (exitCode === USAGE_EXIT) {
        process.stderr.write(`${errorMessage(error)}\n`);
        process.exit(exitCode);
      }
      // The console loads only on failure: a command that succeeds never pays for it here.
      const { cliConsole } = await import("./console.ts");
      cliConsole.error(fsErrorLine(error) ?? (error instanceof PunieError ? error.message : errorMessage(error)));
      if (process.env.PUNIE_DEBUG) console.error(error);
      process.exit(exitCode);
    }
    if (typeof code === "number" && code !== 0) process.exit(code);
  };
}
