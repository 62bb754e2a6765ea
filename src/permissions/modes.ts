/**
 * Permission modes: how much the agent may do without asking. Offered to the IDE as ACP session
 * modes and as a config option, and chosen in settings (`mode`), PUNIE_PERMISSION_MODE or a flag.
 */
export const PERMISSION_MODE_IDS = ["ask", "accept-edits", "auto", "read-only"] as const;

export type PermissionMode = (typeof PERMISSION_MODE_IDS)[number];

export const DEFAULT_PERMISSION_MODE: PermissionMode = "ask";

export type PermissionModeInfo = { id: PermissionMode; name: string; description: string };

export const PERMISSION_MODES: readonly PermissionModeInfo[] = [
  { id: "ask", name: "Ask", description: "Ask before every edit and command." },
  {
    id: "accept-edits",
    name: "Accept edits",
    description: "Edit files inside the working directory without asking; ask before commands.",
  },
  {
    id: "auto",
    name: "Auto",
    description:
      "Edit files inside the workspace and run commands started in it without asking. A command itself is not confined: it can touch anything you can.",
  },
  { id: "read-only", name: "Read only", description: "Read and search only: edits and commands are refused." },
];

export function isPermissionMode(value: unknown): value is PermissionMode {
  return typeof value === "string" && (PERMISSION_MODE_IDS as readonly string[]).includes(value);
}

/** The mode for `value`, or null when it names none (callers say where the bad value came from). */
export function parseMode(value: string): PermissionMode | null {
  const normalized = value.trim().toLowerCase().replace(/[_ ]/g, "-");
  return isPermissionMode(normalized) ? normalized : null;
}

export function modeInfo(mode: PermissionMode): PermissionModeInfo {
  const info = PERMISSION_MODES.find((m) => m.id === mode);
  if (!info) throw new Error(`unreachable: mode ${mode} has no description`);
  return info;
}
