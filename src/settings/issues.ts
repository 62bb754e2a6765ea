/** Turns zod issues into one line a user can act on: the file, the key path, what is wrong. */
import type { z } from "zod";
import { suggest } from "../suggest.ts";
import { knownKeysAt } from "./schema.ts";

/** `permissions.deny[1].comand` */
export function keyPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? String(part) : `.${String(part)}`;
  }
  return text;
}

export function describeIssues(file: string, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.flatMap((issue) => describeIssue(issue));
  return `\`${file}\`: ${lines.join("; ")}`;
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = (path: readonly PropertyKey[]) => keyPath(path) || "(top level)";
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const suggestion = suggest(key, knownKeysAt(issue.path));
        return `${at([...issue.path, key])}: unknown key${suggestion ? ` (did you mean \`${suggestion}\`?)` : ""}`;
      });
    case "invalid_value":
      return [`${at(issue.path)}: must be ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`];
    case "invalid_type":
      return [
        issue.input === undefined
          ? `${at(issue.path)}: missing`
          : `${at(issue.path)}: expected ${issue.expected === "int" ? "a whole number" : issue.expected}`,
      ];
    default:
      return [`${at(issue.path)}: ${issue.message}`];
  }
}
