/** Turns zod issues into one line a user can act on: the file, the key path, what is wrong. */
import type { z } from "zod";
import { KNOWN_KEYS } from "./schema.ts";

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
        const suggestion = suggest(key);
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

/** The known key closest to a typo, when it is close enough to be what was meant. */
export function suggest(key: string): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const known of KNOWN_KEYS) {
    const distance = known.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, known);
    if (distance < bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 4)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
