/**
 * Permission for `punie ask`: the question on the terminal (what is approved, the gate's option
 * names), `--yes`, or — with no terminal to ask — a refusal that says how to allow it. On a
 * terminal one key answers at once (like gh's and Claude Code's prompts); an input that cannot be
 * put in raw mode is read a line at a time.
 */
import { PermissionDeniedError } from "../errors.ts";
import type { PermissionOutcome, PermissionRequest } from "../workspace/types.ts";
import { answersByKey, answerToOption, keyAnswer, permissionQuestion, type QuestionStyle } from "./permission-question.ts";

export type AskPermission = (request: PermissionRequest, signal: AbortSignal) => Promise<PermissionOutcome>;

export const refuseWithoutTerminal: AskPermission = async (request) => {
  throw new PermissionDeniedError(
    `No terminal to ask for permission to "${request.title}". Run punie ask with --yes to allow edits and commands inside the workspace (a command line that cannot be checked against the deny rules is still refused), or allow it in .punie/settings.json.`,
  );
};

/** A terminal's input (node's tty.ReadStream): raw mode delivers each key as it is pressed. */
type KeyInput = NodeJS.ReadableStream & { isTTY: true; setRawMode(raw: boolean): unknown };

export function terminalPermission(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, style: QuestionStyle): AskPermission {
  return (request, signal) =>
    isKeyInput(input) && answersByKey(request.options) ? askByKey(input, output, request, style, signal) : askByLine(input, output, request, style, signal);
}

function isKeyInput(input: NodeJS.ReadableStream): input is KeyInput {
  const tty = input as Partial<KeyInput>;
  return tty.isTTY === true && typeof tty.setRawMode === "function";
}

async function askByKey(input: KeyInput, output: NodeJS.WritableStream, request: PermissionRequest, style: QuestionStyle, signal: AbortSignal): Promise<PermissionOutcome> {
  const question = permissionQuestion(request, { ...style, singleKey: true });
  const prompt = question.slice(question.lastIndexOf("\n") + 1);
  const answered = Promise.withResolvers<PermissionOutcome>();
  const cancelled = () => answered.resolve({ outcome: "cancelled" });
  const restore = () => {
    input.off("data", onKeys);
    input.setRawMode(false);
    // A paused stdin does not keep the process alive once the turn is over.
    (input as NodeJS.ReadStream).pause?.();
  };
  const onKeys = (chunk: Buffer | string) => {
    const answer = keyAnswer(chunk.toString(), request.options);
    switch (answer.kind) {
      case "selected":
        output.write(`${answer.key}\n`);
        answered.resolve({ outcome: "selected", optionId: answer.optionId });
        return;
      case "interrupt":
        // Raw mode keeps Ctrl-C from the terminal's driver: the terminal is given back first, then
        // the interrupt goes where the driver would have sent it (punie ask's stop handler aborts
        // the turn, which answers this question "cancelled").
        output.write("^C\n");
        restore();
        process.kill(process.pid, "SIGINT");
        return;
      case "unknown":
        output.write(`${answer.key}\nNot one of the choices above. ${prompt}`);
        return;
      case "ignored":
        return;
      default:
        answer satisfies never;
    }
  };
  signal.addEventListener("abort", cancelled, { once: true });
  if (signal.aborted) return { outcome: "cancelled" };
  // Raw before the question shows: a key pressed as soon as it does is not echoed, nor Ctrl-C
  // taken by the terminal's driver.
  input.setRawMode(true);
  input.on("data", onKeys);
  input.resume();
  output.write(question);
  try {
    return await answered.promise;
  } finally {
    signal.removeEventListener("abort", cancelled);
    restore();
  }
}

async function askByLine(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, request: PermissionRequest, style: QuestionStyle, signal: AbortSignal): Promise<PermissionOutcome> {
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
}
