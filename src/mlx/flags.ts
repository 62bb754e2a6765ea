/** Setting keys and the flags that set them (pure). */

/** "batchSize" → "batch-size". */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** "batch-size" or "batch_size" → "batchSize". */
export function settingKey(name: string): string {
  return name.replace(/[-_]([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The first problem of a zod parse of flag values, as "--flag value: what was expected". */
export function flagIssue(issue: { path: PropertyKey[]; message: string } | undefined, given: Record<string, unknown>): string {
  if (!issue) return "invalid settings";
  const key = String(issue.path[0] ?? "");
  const value = given[key];
  return key ? `--${flagName(key)}${value === undefined ? "" : ` ${String(value)}`}: ${issue.message}` : issue.message;
}
