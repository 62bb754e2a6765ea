/**
 * The suite file format (docs/eval.md): a name, optional part weights and prompts, each with what
 * a good run does — the tools it calls (with argument matchers), words in its answer, and a
 * command that passes in the project afterwards.
 */
import { z } from "zod";

/** An argument matcher: a plain value matches exactly; `{contains}` and `{regex}` match strings. */
export const argMatcherSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.strictObject({ contains: z.string().min(1) }),
  z
    .strictObject({ regex: z.string().min(1) })
    .refine((matcher) => isValidRegex(matcher.regex), { message: "is not a valid regular expression" }),
]);

export const expectedToolSchema = z.strictObject({
  name: z.string().min(1),
  args: z.record(z.string(), argMatcherSchema).optional(),
});

export const expectSchema = z
  .strictObject({
    tools: z.array(expectedToolSchema).min(1).optional(),
    keywords: z.array(z.string().min(1)).min(1).optional(),
    check: z.string().min(1).optional(),
  })
  .refine((expect) => expect.tools !== undefined || expect.keywords !== undefined || expect.check !== undefined, {
    message: "needs at least one of tools, keywords or check",
  });

export const suitePromptSchema = z.strictObject({
  id: z.string().regex(/^[\w.-]+$/, "must be letters, digits, '.', '_' or '-'"),
  category: z.string().min(1).default("general"),
  prompt: z.string().min(1),
  workspace: z.string().min(1).optional(),
  expect: expectSchema,
});

const weight = z.number().min(0);

export const suiteSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    weights: z.strictObject({ tools: weight.optional(), keywords: weight.optional(), check: weight.optional() }).optional(),
    prompts: z.array(suitePromptSchema).min(1),
  })
  .superRefine((suite, context) => {
    const seen = new Set<string>();
    suite.prompts.forEach((prompt, index) => {
      if (seen.has(prompt.id)) context.addIssue({ code: "custom", path: ["prompts", index, "id"], message: `"${prompt.id}" is used twice` });
      seen.add(prompt.id);
    });
  });

export type ArgMatcher = z.infer<typeof argMatcherSchema>;
export type ExpectedTool = z.infer<typeof expectedToolSchema>;
export type Expectations = z.infer<typeof expectSchema>;
export type SuitePrompt = z.infer<typeof suitePromptSchema>;
export type SuiteFile = z.infer<typeof suiteSchema>;
export type PartWeights = { tools: number; keywords: number; check: number };

/** A loaded suite: prompts with workspaces resolved to absolute folders (or none). */
export type Suite = {
  name: string;
  /** Where it came from: a built-in name or the file's absolute path (stored to resume a run). */
  ref: string;
  weights: PartWeights;
  prompts: Array<Omit<SuitePrompt, "workspace"> & { workspace: string | null }>;
};

export type LoadedPrompt = Suite["prompts"][number];

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
