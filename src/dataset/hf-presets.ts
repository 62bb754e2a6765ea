/** How rows of known Hugging Face datasets become training examples. */
import { DatasetError } from "./errors.ts";

type Row = Record<string, unknown>;
export type Preset = (row: Row) => object | undefined;

const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/** CodeSearchNet (python): the docstring is the request, the function is the answer. */
function codesearchnetPython(row: Row): object | undefined {
  const doc = text(row.func_documentation_string);
  const code = text(row.func_code_string) || text(row.whole_func_string);
  if (!doc || !code) return undefined;
  const name = text(row.func_name).split(".").pop();
  const request = name ? `${doc}\n\nWrite this as a Python function named \`${name}\`.` : doc;
  return {
    messages: [
      { role: "user", content: request },
      { role: "assistant", content: `\`\`\`python\n${code}\n\`\`\`` },
    ],
  };
}

/** Rows that already hold mlx_lm-shaped data ({"messages"}, {"prompt","completion"} or {"text"}). */
function passThrough(row: Row): object | undefined {
  if (Array.isArray(row.messages)) return row.tools ? { messages: row.messages, tools: row.tools } : { messages: row.messages };
  if (typeof row.prompt === "string" && typeof row.completion === "string") return { prompt: row.prompt, completion: row.completion };
  if (typeof row.text === "string") return { text: row.text };
  return undefined;
}

export const PRESETS: Record<string, Preset> = {
  "codesearchnet-python": codesearchnetPython,
  "pass-through": passThrough,
};

export function presetNamed(name: string): Preset {
  const preset = PRESETS[name];
  if (!preset) throw new DatasetError(`--map ${name}: unknown preset (known: ${Object.keys(PRESETS).join(", ")})`);
  return preset;
}
