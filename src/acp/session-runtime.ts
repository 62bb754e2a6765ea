/** What sessions need at run time, loaded on the first session (see `runtime` in agent.ts). */
export { closeAcpSession, createAcpSession, modelChoices } from "./acp-session.ts";
export { SessionBusyError } from "../session/runner.ts";
export { DEFAULT_DISCOVERY_TIMEOUT_MS, discoverTools } from "./discovery.ts";
export { runPrompt } from "./prompt-turn.ts";
export { toolsReport } from "./tools-report.ts";
export { transcriptToUpdates } from "./replay.ts";
export { loadSettings } from "../settings/load.ts";
export {
  defaultStorePath,
  getSession,
  InvalidCursorError,
  listSessions,
  loadHistory,
  loadTranscript,
  openStore,
} from "../store/index.ts";
