/**
 * Sessions this server runs (POST /api/sessions): the shared session runner on a LocalWorkspace
 * with the same boundary as `punie ask`; the permission UI is a question parked here until the
 * dashboard (or any API client) answers it.
 */
import { stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { Logger } from "../log/logger.ts";
import { parseMode } from "../permissions/modes.ts";
import { openSession, type RunnerSession } from "../session/runner.ts";
import type { Store } from "../store/open.ts";
import { createLocalWorkspace } from "../workspace/local-workspace.ts";
import type { PermissionOutcome, PermissionRequest } from "../workspace/types.ts";
import { fail } from "./errors.ts";
import type { HttpSessions, NewHttpSession, PendingPermission } from "./ports.ts";

export type HttpSessionsOptions = {
  env: Record<string, string | undefined>;
  /** --model of `punie serve`: the default for sessions started here. */
  modelSpec: string;
  store: Store;
  log: Logger;
};

type Question = PendingPermission & { settle(outcome: PermissionOutcome): void };
type Owned = { session: RunnerSession; questions: Map<string, Question>; turn: Promise<unknown> | null };

export function createHttpSessions(options: HttpSessionsOptions): HttpSessions & { pending(id: string): PendingPermission[] | null } {
  const owned = new Map<string, Owned>();

  /** The permission UI: park the question until answered, or until the turn is cancelled. */
  const parkQuestion = (questions: Map<string, Question>) => (request: PermissionRequest, signal: AbortSignal) =>
    new Promise<PermissionOutcome>((settle) => {
      const requestId = request.requestId ?? crypto.randomUUID();
      const done = (outcome: PermissionOutcome) => {
        questions.delete(requestId);
        signal.removeEventListener("abort", onAbort);
        settle(outcome);
      };
      const onAbort = () => done({ outcome: "cancelled" });
      questions.set(requestId, { requestId, title: request.title, options: request.options.map(({ optionId, name, kind }) => ({ optionId, name, kind })), settle: done });
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });

  return {
    async create(input: NewHttpSession) {
      const root = resolve(input.workspace);
      if (!isAbsolute(input.workspace)) fail(400, `workspace must be an absolute path, not "${input.workspace}".`);
      const info = await stat(root).catch(() => null);
      if (!info?.isDirectory()) fail(400, `Workspace ${root} is not a folder.`);
      const mode = input.mode === undefined ? undefined : (parseMode(input.mode) ?? fail(400, `Unknown mode "${input.mode}": use ask, accept-edits, auto or read-only.`));
      const questions = new Map<string, Question>();
      const workspace = createLocalWorkspace({ root, askPermission: parkQuestion(questions) });
      let session: RunnerSession;
      try {
        session = await openSession({
          source: "http",
          workspace,
          env: options.env,
          log: options.log,
          instructions: "local",
          modelSpec: input.model ?? options.modelSpec,
          store: options.store,
          ...(mode ? { mode } : {}),
        });
      } catch (error) {
        await workspace.dispose();
        fail(400, error instanceof Error ? error.message : String(error));
      }
      owned.set(session.id, { session, questions, turn: null });
      return { id: session.id };
    },
    owns: (id) => owned.has(id),
    prompt(id, text) {
      const entry = owned.get(id);
      if (!entry || entry.turn) return false;
      entry.turn = entry.session
        .prompt(text)
        .catch((error: unknown) => options.log.error(`prompt in ${id} failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          entry.turn = null;
        });
      return true;
    },
    answer(id, requestId, optionId) {
      const question = owned.get(id)?.questions.get(requestId);
      if (!question || !question.options.some((option) => option.optionId === optionId)) return false;
      question.settle({ outcome: "selected", optionId });
      return true;
    },
    cancel(id) {
      const entry = owned.get(id);
      if (!entry) return false;
      entry.session.cancel();
      for (const question of entry.questions.values()) question.settle({ outcome: "cancelled" });
      return true;
    },
    pending(id) {
      const entry = owned.get(id);
      return entry ? [...entry.questions.values()].map(({ requestId, title, options: choices }) => ({ requestId, title, options: choices })) : null;
    },
    async close() {
      await Promise.allSettled([...owned.values()].map((entry) => entry.session.close()));
      owned.clear();
    },
  };
}
