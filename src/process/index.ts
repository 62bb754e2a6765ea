/**
 * process/: the one owner of child processes. Every child leads its own process group and is
 * ended as a group on Ctrl-C, SIGTERM, SIGHUP, errors and normal exit; a `sh` watchdog (the
 * reaper) ends them after a SIGKILL of punie. The one exception is a child detached on purpose
 * (`punie mlx start`'s servers), which the caller records instead.
 */
export { groupAlive, groupRunning, killGroup, psByGroup, signalGroup } from "./group.ts";
export { createTail, forEachLine, tailOfFile } from "./lines.ts";
export { httpProbe, NotReadyError, type ReadinessOptions, type ReadinessProbe, waitUntilReady } from "./readiness.ts";
export { type Child, type ChildOptions, describeExit, type ExitInfo, spawnChild } from "./spawn.ts";
export { configureSignals, onShutdown, type SignalSettings, shutdownExitCode, shutdownSignal, stopAllChildren, trackedGroups } from "./supervisor.ts";
