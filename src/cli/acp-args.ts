/** Flags of the ACP agent (`punie` and `punie acp`), shared by both spellings and by main.ts's fast path. */
import type { ArgsDef } from "citty";

export const acpArgs = {
  model: {
    type: "string",
    alias: "m",
    description: "Model spec: local, local:NAME, local:URL[/NAME], ollama:NAME, mlx[:URL], openai:NAME, test (env PUNIE_MODEL)",
    valueHint: "SPEC",
  },
  mode: {
    type: "string",
    description: "Permission mode at session start: ask, accept-edits, auto, read-only (env PUNIE_PERMISSION_MODE; the IDE can switch it)",
    valueHint: "MODE",
  },
  name: { type: "string", description: "Agent name reported to the IDE", valueHint: "NAME" },
  "log-dir": { type: "string", description: "Log directory (default ~/.punie/logs; PUNIE_HOME moves ~/.punie)", valueHint: "DIR" },
  "log-level": { type: "string", description: "Log level: error, warn, info, debug (default info)", valueHint: "LEVEL" },
} as const satisfies ArgsDef;
