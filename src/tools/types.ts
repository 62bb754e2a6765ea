/**
 * What a tool is: a zod schema the model fills, a description, an ACP kind and title, and
 * `execute()` acting only through the Workspace (STYLE.md §2).
 */
import type { z } from "zod";
import type { JsonSchema } from "../model/types.ts";
import type { PermissionGate } from "../permissions/gate.ts";
import type { Workspace } from "../workspace/types.ts";

export type ToolKind =
  | "read"
  | "edit"
  | "delete"
  | "move"
  | "search"
  | "execute"
  | "think"
  | "fetch"
  | "switch_mode"
  | "other";

export type ToolLocation = { path: string; line?: number };

/** What the IDE shows for a tool call besides its title. */
export type ToolContent =
  | { type: "text"; text: string }
  | { type: "diff"; path: string; oldText: string | null; newText: string }
  | {
      type: "terminal";
      terminalId: string;
      /** Shown as text where the terminal cannot be shown: the client did not create it, or a replay. */
      output?: string;
    };

export type ToolResult = {
  /** What the model reads. */
  output: string;
  /** What the IDE shows; defaults to `output` as text. */
  content?: ToolContent[];
  /** A failed call the model should see as an error (the tool ran but the action failed). */
  isError?: boolean;
  /** Structured result, shown as rawOutput and stored. */
  rawOutput?: unknown;
};

export type ToolContext = {
  workspace: Workspace;
  permissions: PermissionGate;
  toolCallId: string;
  signal: AbortSignal;
  /** Streams progress to the IDE while the tool runs (e.g. a terminal's id as soon as it exists). */
  progress(content: ToolContent[]): void;
};

export type Tool<Args = unknown> = {
  name: string;
  description: string;
  /** Usually built on first use (zod-loader.ts `lazySchema`): read it after `await loadZod()`. */
  parameters: z.ZodType<Args>;
  /**
   * The exact JSON Schema the model sees, when the tool already has one (MCP tools): used instead
   * of converting `parameters`, which then only needs to accept what the schema allows.
   */
  jsonSchema?: JsonSchema;
  /**
   * A hand-written check for the plain arguments of a frequent tool: returns exactly what
   * `parameters` would parse them to, or null to leave the value to `parameters` (zod builds and
   * runs its schema only then). A test must hold it to `parameters` (test/tools/quick-parse.test.ts).
   */
  quickParse?(value: unknown): Args | null;
  kind: ToolKind;
  /**
   * Set when a tool of a kind that usually starts at once (read, search…) may ask permission: its
   * call then stays `pending` until the answer.
   */
  asksPermission?: boolean;
  /** Short human title: the relative path or the command. Pure. */
  title(args: Args, cwd: string): string;
  locations?(args: Args, cwd: string): ToolLocation[];
  execute(args: Args, context: ToolContext): Promise<ToolResult>;
};

// Tools are stored heterogeneously; the loop validates input with `parameters` before calling.
// biome-ignore lint: the variance escape hatch is deliberate.
export type AnyTool = Tool<any>;

/** Declares a tool with its argument type inferred from the zod schema. */
export function defineTool<S extends z.ZodType>(tool: Tool<z.infer<S>> & { parameters: S }): Tool<z.infer<S>> {
  return tool;
}
