/**
 * store/: everything punie remembers, in one bun:sqlite database (~/.punie/punie.db) shared by
 * every punie process: sessions and their history, tool and model timings, permission decisions
 * and project rules. A database that cannot be used turns the store off, never the agent.
 */
export * from "./open.ts";
export * from "./late-store.ts";
export { SCHEMA_VERSION } from "./migrations.ts";
export * from "./types.ts";
export * from "./sessions.ts";
export * from "./turns.ts";
export * from "./history.ts";
export * from "./project-rules.ts";
export * from "./perf-queries.ts";
export * from "./export-queries.ts";
export * from "./session-live.ts";
export * from "./eval-runs.ts";
