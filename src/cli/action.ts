/**
 * Wraps a command's run so every failure is one line on stderr with the right exit code —
 * never a stack trace (DESIGN.md: errors).
 */
import { CliError, errorMessage, PunieError } from "../errors.ts";
import { fsErrorLine } from "../fs-error.ts";
import { USAGE_EXIT } from "./strict.ts";

/** The command running ("punie dataset split"), set by runCli: every error line starts with it. */
let commandName = "punie";

export function setCommandName(name: string): void {
  commandName = name;
}

/** `punie <cmd>: message`, once: a message that already names a punie command keeps its own. */
function errorLine(message: string): string {
  return message.startsWith("punie ") || message.startsWith("punie:") ? message : `${commandName}: ${message}`;
}

export function cliAction<C>(run: (context: C) => Promise<number | void>): (context: C) => Promise<void> {
  return async (context) => {
    let code: number | void;
    try {
      code = await run(context);
    } catch (error) {
      const exitCode = error instanceof CliError ? error.exitCode : 1;
      // Every failure reads like the strict argument check's mistakes: `punie <cmd>: what went wrong`.
      const message = exitCode === USAGE_EXIT ? errorMessage(error) : (fsErrorLine(error) ?? (error instanceof PunieError ? error.message : errorMessage(error)));
      process.stderr.write(`${errorLine(message)}\n`);
      if (process.env.PUNIE_DEBUG && exitCode !== USAGE_EXIT) console.error(error);
      process.exit(exitCode);
    }
    if (typeof code === "number" && code !== 0) process.exit(code);
  };
}
