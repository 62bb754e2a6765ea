/** Request bodies and queries of the JSON API (zod, like every schema in Punie). */
import { z } from "zod";

export const newSessionBody = z.strictObject({
  workspace: z.string().min(1, "workspace: an absolute folder path is required"),
  model: z.string().min(1).optional(),
  mode: z.string().min(1).optional(),
});

export const promptBody = z.strictObject({ text: z.string().trim().min(1, "text must not be empty") });

export const permissionAnswerBody = z.strictObject({ optionId: z.string().min(1) });

export const sessionListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).optional(),
});
