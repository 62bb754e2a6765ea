/**
 * Testing kit, shipped for users' own tests (`import … from "punie/testing"` under Bun): fakes
 * that need no network, model or IDE.
 */
export * from "./acp-client.ts";
export * from "./acp-schema.ts";
export * from "./scripted-model.ts";
export * from "./scripted-server.ts";
export { createMemoryWorkspace, type MemoryWorkspace, type MemoryWorkspaceOptions, type ScriptedCommand } from "../workspace/memory-workspace.ts";
export * from "./sse-client.ts";
