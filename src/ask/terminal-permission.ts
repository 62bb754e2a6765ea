/**
 * Permission for `punie ask`: the question on the terminal (what is approved, the gate's option
 * names), `--yes`, or — with no terminal to ask — a refusal that says how to allow it.
 */
import { PermissionDeniedError } from "../errors.ts";
import type { PermissionOutcome, PermissionRequest } from "../workspace/types.ts";
import { answerToOption, permissionQuestion, type QuestionStyle } from "./permission-question.ts";

export type AskPermission = (request: PermissionRequest, signal: AbortSignal) => Promise<PermissionOutcome>;

export const refuseWithoutTerminal: AskPermission = async (request) => {
  throw new PermissionDeniedError(
    `No terminal to ask for permission to "${request.title}". Run punie ask with --yes to allow edits and commands inside the workspace (a command line that cannot be checked against the deny rules is still refused), or allow it in .punie/settings.json.`,
  );
};

export function terminalPermission(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, style: QuestionStyle): AskPermission {
  return async (request, signal) => {
    // Loaded at the first question: most runs ask none, and readline is not free to load.
    const { createInterface } = await import("node:readline/promises");
    const rl = createInterface({ input, output, terminal: false });
    try {
      let question = permissionQuestion(request, style);
      for (;;) {
        const answer = await rl.question(question, { signal });
        const optionId = answerToOption(answer, request.options);
        if (optionId) return { outcome: "selected", optionId };
        question = `Not one of the choices above. ${question.slice(question.lastIndexOf("\n") + 1)}`;
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
