/**
 * Reading a suite: a file (JSON or YAML) or a built-in name. Any fault is one line naming the
 * file, the prompt and the key — raised before any model is asked anything.
 */
import { stat } from "node:fs/promises";
import { dirname, extname, isAbsolute, resolve } from "node:path";
import type { z } from "zod";
import { PunieError } from "../errors.ts";
import { type PartWeights, type Suite, type SuiteFile, suiteSchema } from "./suite-schema.ts";

/** A suite file that cannot be used; the message is the one line a user sees. */
export class InvalidSuiteError extends PunieError {
  constructor(message: string) {
    super("invalid_suite", message);
  }
}

/** Parses suite text (YAML is a superset of JSON, but JSON files get JSON's own errors). */
export function parseSuiteText(text: string, file: string): unknown {
  try {
    return extname(file).toLowerCase() === ".json" ? JSON.parse(text) : Bun.YAML.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new InvalidSuiteError(`Invalid suite ${file}: not valid ${extname(file).toLowerCase() === ".json" ? "JSON" : "YAML"} (${reason}).`);
  }
}

/** Validates parsed suite data; `file` names it in errors. */
export function validateSuite(data: unknown, file: string): SuiteFile {
  const parsed = suiteSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new InvalidSuiteError(describeIssue(parsed.error.issues[0], data, file));
}

/** One line: `Invalid suite FILE: prompt "ID": expect.tools[0].name: message.` */
export function describeIssue(issue: z.core.$ZodIssue | undefined, data: unknown, file: string): string {
  if (!issue) return `Invalid suite ${file}.`;
  const path = [...issue.path];
  let where = "";
  if (path[0] === "prompts" && typeof path[1] === "number") {
    const raw = (data as { prompts?: unknown[] }).prompts?.[path[1]];
    const id = typeof raw === "object" && raw !== null ? (raw as { id?: unknown }).id : undefined;
    where = typeof id === "string" && id !== "" ? `prompt "${id}"` : `prompt #${path[1] + 1}`;
    path.splice(0, 2);
  }
  const key = formatKey(path);
  const parts = [where, key].filter((part) => part !== "");
  const message = issue.code === "unrecognized_keys" ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}` : issue.message;
  return `Invalid suite ${file}: ${parts.length > 0 ? `${parts.join(": ")}: ` : ""}${message}.`;
}

function formatKey(path: PropertyKey[]): string {
  let key = "";
  for (const part of path) key += typeof part === "number" ? `[${part}]` : `${key === "" ? "" : "."}${String(part)}`;
  return key;
}

const DEFAULT_WEIGHT = 1;

/**
 * Turns a validated suite file into a runnable suite: weights defaulted, workspaces resolved
 * against `baseDir` and checked to be folders.
 */
export async function resolveSuite(file: SuiteFile, options: { ref: string; baseDir: string; shownFile: string }): Promise<Suite> {
  const weights: PartWeights = {
    tools: file.weights?.tools ?? DEFAULT_WEIGHT,
    keywords: file.weights?.keywords ?? DEFAULT_WEIGHT,
    check: file.weights?.check ?? DEFAULT_WEIGHT,
  };
  const prompts: Suite["prompts"] = [];
  for (const prompt of file.prompts) {
    let workspace: string | null = null;
    if (prompt.workspace !== undefined) {
      workspace = isAbsolute(prompt.workspace) ? prompt.workspace : resolve(options.baseDir, prompt.workspace);
      const info = await stat(workspace).catch(() => null);
      if (!info?.isDirectory()) {
        throw new InvalidSuiteError(`Invalid suite ${options.shownFile}: prompt "${prompt.id}": workspace: ${prompt.workspace} is not a folder.`);
      }
    }
    prompts.push({ ...prompt, workspace });
  }
  return { name: file.name, ref: options.ref, weights, prompts };
}

/** Loads a suite file from disk. */
export async function loadSuiteFile(path: string): Promise<Suite> {
  const absolute = resolve(path);
  const handle = Bun.file(absolute);
  const info = await stat(absolute).catch(() => null);
  if (!info) throw new InvalidSuiteError(`Suite ${path} not found (give a suite file, or a built-in suite name).`);
  if (info.isDirectory()) throw new InvalidSuiteError(`Suite ${path} is a directory, not a suite file.`);
  const data = parseSuiteText(await handle.text(), path);
  const file = validateSuite(data, path);
  return resolveSuite(file, { ref: absolute, baseDir: dirname(absolute), shownFile: path });
}
