/**
 * The YAML subset training configs use: `key: value` lines, `#` comments, and one level of nested
 * maps (mlx_lm's `lora_parameters`). Small on purpose: the test fake of mlx_lm reads the same
 * subset with the Python standard library, and anything fancier in a user's file is an error
 * naming the line rather than a silent misreading (pure).
 */
export type YamlScalar = string | number | boolean | null;
export type YamlMap = Record<string, YamlScalar | Record<string, YamlScalar>>;

export class YamlSubsetError extends Error {}

export function parseSimpleYaml(text: string): YamlMap {
  const result: YamlMap = {};
  let nested: Record<string, YamlScalar> | null = null;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.replace(/\s+#.*$/, "").trimEnd();
    if (!line.trim() || line.trimStart().startsWith("#")) return;
    const where = `line ${index + 1}`;
    const m = /^(\s*)([A-Za-z0-9_-]+)\s*:(?:\s+(.*))?$/.exec(line);
    if (!m) throw new YamlSubsetError(`${where}: expected "key: value" (only flat keys and one nested map are read)`);
    const [, indent = "", key = "", value] = m;
    if (indent) {
      if (!nested) throw new YamlSubsetError(`${where}: unexpected indentation`);
      if (value === undefined) throw new YamlSubsetError(`${where}: maps nest one level only`);
      nested[key] = parseScalar(value, where);
      return;
    }
    if (value === undefined) {
      nested = {};
      result[key] = nested;
      return;
    }
    nested = null;
    result[key] = parseScalar(value, where);
  });
  return result;
}

function parseScalar(text: string, where: string): YamlScalar {
  const value = text.trim();
  if (value === "" || value === "null" || value === "~") return null;
  if (value === "true" || value === "false") return value === "true";
  if (/^(["']).*\1$/.test(value)) return value.slice(1, -1);
  if (/^[[{]/.test(value)) throw new YamlSubsetError(`${where}: lists and inline maps are not read; write one key per line`);
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value)) return Number(value);
  return value;
}

/** Writes a map in the subset; numbers in a form both YAML 1.1 and 1.2 read as numbers. */
export function toSimpleYaml(map: YamlMap, header = ""): string {
  const lines = header ? header.split("\n").map((line) => `# ${line}`) : [];
  for (const [key, value] of Object.entries(map)) {
    if (value !== null && typeof value === "object") {
      lines.push(`${key}:`);
      for (const [k, v] of Object.entries(value)) lines.push(`  ${k}: ${formatScalar(v)}`);
    } else {
      lines.push(`${key}: ${formatScalar(value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function formatScalar(value: YamlScalar): string {
  if (value === null) return "null";
  if (typeof value === "number") {
    // YAML 1.1 (PyYAML) reads "1e-05" as a string: give floats a dot.
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
    const text = String(value);
    return /e/i.test(text) && !text.includes(".") ? text.replace(/e/i, ".0e") : text;
  }
  if (typeof value === "boolean") return String(value);
  return /^[A-Za-z0-9_./-]+$/.test(value) && !/^(true|false|null|~|[-+.\d])/i.test(value) ? value : JSON.stringify(value);
}
