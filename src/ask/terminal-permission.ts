/**
 * Permission for `punie ask`: a y / n / always question on the terminal, `--yes`, or — with no
 * terminal to ask — a refusal that says how to allow it.
 */
import { createInterface } from "node:readline/promises";
import { PermissionDeniedError } from "../errors.ts";
import type { PermissionOption, PermissionOutcome, PermissionRequest } from "../workspace/types.ts";

export type AskPermission = (request: PermissionRequest, signal: AbortSignal) => Promise<PermissionOutcome>;

export const refuseWithoutTerminal: AskPermission = async (request) => {
  throw new PermissionDeniedError(
    `No terminal to ask for permission to "${request.title}". Run punie ask with --yes to allow edits and commands inside the workspace (a command line that cannot be checked against the deny rules is still refused), or allow it in .punie/settings.json.`,
  );
};

/** Maps a typed answer to an option: y (once), a (always, this session), p (always, this project), n. */
export function answerToOption(answer: string, options: readonly PermissionOption[]): string | null {
  const key = answer.trim().toLowerCase();
  if (key === "y" || key === "yes") return optionOf(options, "allow_once");
  if (key === "n" || key === "no" || key === "") return optionOf(options, "reject_once");
  if (key === "a" || key === "always") return options.find((o) => o.kind === "allow_always")?.optionId ?? null;
  if (key === "p" || key === "project") return options.filter((o) => o.kind === "allow_always")[1]?.optionId ?? null;
  return null;
}

export function terminalPermission(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): AskPermission {
  return async (request, signal) => {
    const always = request.options.filter((o) => o.kind === "allow_always");
    const choices = ["[y]es", "[n]o", ...(always[0] ? ["[a]lways this session"] : []), ...(always[1] ? ["always in this [p]roject"] : [])];
    const rl = createInterface({ input, output, terminal: false });
    try {
      for (;;) {
        const answer = await rl.question(`Allow ${request.title}? ${choices.join(" / ")} `, { signal });
        const optionId = answerToOption(answer, request.options);
        if (optionId) return { outcome: "selected", optionId };
      }
    } catch (error) {
      if (signal.aborted) return { outcome: "cancelled" };
      throw error;
    } finally {
      rl.close();
      // A paused stdin does not keep the process alive once the turn is over.
      (input as NodeJS.ReadStream).pause?.();
    }
  };
}

function optionOf(options: readonly PermissionOption[], kind: PermissionOption["kind"]): string {
  return options.find((option) => option.kind === kind)?.optionId ?? kind;
}
