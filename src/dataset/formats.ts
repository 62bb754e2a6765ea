/**
 * The four mlx_lm data formats as zod schemas (REFERENCE.md): chat, tools, completions, text.
 * Structure is checked by zod; the rules mlx_lm and chat templates rely on (roles, order,
 * tool-call consistency) are refinements on the same schemas, so zod alone defines validity.
 * Unknown top-level keys are allowed because mlx_lm ignores them.
 */
import { z } from "zod";

export type DatasetFormat = "chat" | "tools" | "completions" | "text";

export const DATASET_FORMATS: readonly DatasetFormat[] = ["chat", "tools", "completions", "text"];

const nonBlank = (what: string) => z.string().refine((s) => s.trim().length > 0, `empty ${what}`);

export const toolCallSchema = z.object({
  id: z.string().min(1, "tool call without id"),
  type: z.literal("function").optional(),
  function: z.object({
    name: z.string().min(1, "tool call without name"),
    // A JSON string (what servers send back) or an already-parsed object.
    arguments: z.union([z.string(), z.record(z.string(), z.unknown())]),
  }),
});

export const toolDefinitionSchema = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().min(1, "tool without name"),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const messageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("system"), content: z.string() }),
  z.object({ role: z.literal("user"), content: z.string() }),
  z.object({
    role: z.literal("assistant"),
    content: z.string().nullish(),
    tool_calls: z.array(toolCallSchema).optional(),
  }),
  z.object({ role: z.literal("tool"), content: z.string(), tool_call_id: z.string().optional(), name: z.string().optional() }),
]);

export type DatasetMessage = z.infer<typeof messageSchema>;
export type ToolDefinition = z.infer<typeof toolDefinitionSchema>;

type Issue = { message: string; path: (string | number)[] };

/** Order and consistency rules shared by chat and tools; `tools` is undefined in chat format. */
export function conversationIssues(messages: readonly DatasetMessage[], tools: readonly ToolDefinition[] | undefined): Issue[] {
  const issues: Issue[] = [];
  const add = (message: string, ...path: (string | number)[]) => issues.push({ message, path: ["messages", ...path] });
  if (messages.length === 0) return [{ message: "no messages", path: ["messages"] }];
  const toolNames = tools ? new Set(tools.map((t) => t.function.name)) : undefined;
  const open = new Set<string>();
  let sawUser = false;
  messages.forEach((m, i) => {
    if (m.role === "system" && i !== 0) add("system message not first", i);
    if (m.role === "user") sawUser = true;
    // Calls must be answered before the conversation moves on; report each gap once.
    if (m.role !== "tool" && open.size > 0) {
      add(`tool call ${[...open][0]} has no result`, i);
      open.clear();
    }
    if (m.role === "assistant") {
      const calls = m.tool_calls ?? [];
      // An assistant message that calls tools may have no content (mlx_lm's own examples).
      if (calls.length === 0 && (m.content == null || m.content.trim() === "")) add("empty content", i, "content");
      if (calls.length > 0 && !toolNames) add("tool_calls in chat format (no tools list)", i, "tool_calls");
      calls.forEach((call, j) => {
        const args = call.function.arguments;
        if (typeof args === "string") {
          let parsed: unknown;
          try {
            parsed = JSON.parse(args);
          } catch {
            add(`tool call ${call.id}: arguments are not valid JSON`, i, "tool_calls", j);
          }
          if (parsed !== undefined && (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)))
            add(`tool call ${call.id}: arguments are not a JSON object`, i, "tool_calls", j);
        }
        if (toolNames && !toolNames.has(call.function.name))
          add(`tool call ${call.id}: unknown tool ${call.function.name}`, i, "tool_calls", j);
        open.add(call.id);
      });
    } else if (m.role === "tool") {
      if (m.tool_call_id === undefined) add("tool result without tool_call_id", i);
      else if (!open.delete(m.tool_call_id)) add(`tool result ${m.tool_call_id} answers no call`, i);
    } else if (m.content.trim() === "") {
      add("empty content", i, "content");
    }
  });
  if (!sawUser) add("no user message");
  const last = messages[messages.length - 1];
  if (last && last.role !== "assistant") add("last message not assistant", messages.length - 1);
  return issues;
}

const refineConversation =
  (withTools: boolean) =>
  (row: { messages: DatasetMessage[]; tools?: ToolDefinition[] | undefined }, ctx: z.RefinementCtx) => {
    for (const issue of conversationIssues(row.messages, withTools ? (row.tools ?? []) : undefined))
      ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
  };

export const chatSchema = z.object({ messages: z.array(messageSchema) }).superRefine(refineConversation(false));

export const toolsSchema = z
  .object({ messages: z.array(messageSchema), tools: z.array(toolDefinitionSchema) })
  .superRefine(refineConversation(true));

export const completionsSchema = z.object({ prompt: nonBlank("prompt"), completion: nonBlank("completion") });

export const textSchema = z.object({ text: nonBlank("text") });

export const formatSchemas = {
  chat: chatSchema,
  tools: toolsSchema,
  completions: completionsSchema,
  text: textSchema,
} as const satisfies Record<DatasetFormat, z.ZodType>;

export type ChatExample = z.infer<typeof chatSchema>;
export type ToolsExample = z.infer<typeof toolsSchema>;

/** The format mlx_lm would pick for this row (it looks at the first line only), or undefined. */
export function detectFormat(row: unknown): DatasetFormat | undefined {
  if (typeof row !== "object" || row === null || Array.isArray(row)) return undefined;
  if ("prompt" in row && "completion" in row) return "completions";
  if ("messages" in row) return "tools" in row ? "tools" : "chat";
  if ("text" in row) return "text";
  return undefined;
}

/** Formats mlx_lm loads with the same dataset class: chat and tools mix freely in one file. */
export function formatFamily(format: DatasetFormat): "chat" | "completions" | "text" {
  return format === "tools" ? "chat" : format;
}

/** Every reason a row is not a valid example of `format`, one short line each. */
export function rowProblems(row: unknown, format: DatasetFormat): string[] {
  const result = formatSchemas[format].safeParse(row);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return `${where}${issue.message}`;
  });
}
