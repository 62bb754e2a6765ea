/**
 * The four mlx_lm data formats as zod schemas (REFERENCE.md): chat, tools, completions, text.
 * Structure is checked by zod; the rules mlx_lm and chat templates rely on (roles, order,
 * tool-call consistency) are refinements on the same schemas, so zod alone defines validity.
 * Unknown top-level keys are allowed because mlx_lm ignores them.
 */
import { z } from "zod";

import { conversationIssues } from "./conversation.ts";
import { type DatasetFormat } from "./format-detect.ts";

export { conversationIssues } from "./conversation.ts";
export { DATASET_FORMATS, type DatasetFormat, detectFormat, formatFamily } from "./format-detect.ts";

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

/** Every reason a row is not a valid example of `format`, one short line each. */
export function rowProblems(row: unknown, format: DatasetFormat): string[] {
  const result = formatSchemas[format].safeParse(row);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return `${where}${issue.message}`;
  });
}
