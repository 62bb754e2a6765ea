/**
 * session/: THE session runner every front end uses (ACP, `punie ask`, HTTP, eval). `openSession`
 * assembles model, tools, permission gate, instructions, answer check and recording; a front end
 * supplies a Workspace (its `requestPermission` is the permission UI) and renderers of events.
 */
export { openSession, SessionBusyError } from "./runner.ts";
export type { OpenSessionOptions, RunnerSession, RunnerWorkspace, SessionSource, TurnOutcome } from "./runner.ts";
export { createTurnRecorder } from "./turn-recorder.ts";
export type { TurnRecorder, TurnStart } from "./turn-recorder.ts";
export { eventToUpdate, textChunk, toAcpContent } from "./updates.ts";
export { promptToText, titleFromPrompt } from "./prompt-text.ts";
