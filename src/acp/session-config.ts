/**
 * The session's modes and config options as ACP shows them (pure): the model picker (category
 * `model`) and the permission mode (session modes and a `mode` config option).
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { ModelConfig } from "../model/spec.ts";
import { LM_STUDIO_URL } from "../model/spec.ts";
import { PERMISSION_MODES, type PermissionMode } from "../permissions/modes.ts";

export const MODEL_OPTION_ID = "model";
export const MODE_OPTION_ID = "mode";

export function modeState(mode: PermissionMode): acp.SessionModeState {
  return {
    currentModeId: mode,
    availableModes: PERMISSION_MODES.map((info) => ({ id: info.id, name: info.name, description: info.description })),
  };
}

/** Model choices: the server's models as specs, the current one always among them. */
export type ModelChoice = { spec: string; name: string; contextWindow?: number | null };

export function configOptions(currentSpec: string, choices: readonly ModelChoice[], mode: PermissionMode): acp.SessionConfigOption[] {
  const models = choices.some((choice) => choice.spec === currentSpec) ? choices : [{ spec: currentSpec, name: currentSpec }, ...choices];
  return [
    {
      id: MODEL_OPTION_ID,
      name: "Model",
      description: "The model that answers; a change applies from the next prompt.",
      category: "model",
      type: "select",
      currentValue: currentSpec,
      options: models.map((choice) => ({ value: choice.spec, name: choice.name })),
    },
    {
      id: MODE_OPTION_ID,
      name: "Permissions",
      description: "What Punie may do without asking.",
      category: "mode",
      type: "select",
      currentValue: mode,
      options: PERMISSION_MODES.map((info) => ({ value: info.id, name: info.name, description: info.description })),
    },
  ];
}

/** The spec that selects `name` on the same server as `config`. */
export function specForModel(config: ModelConfig, name: string): string {
  switch (config.provider) {
    case "local":
      return config.baseURL === LM_STUDIO_URL ? `local:${name}` : `local:${config.baseURL}/${name}`;
    case "ollama":
      return `ollama:${name}`;
    case "openai":
      return `openai:${name}`;
    // mlx_lm.server must be sent "default_model" (another name makes it load that model), and the
    // test model is one: both keep their spec.
    case "mlx":
    case "test":
      return config.spec;
    default:
      return config.provider satisfies never;
  }
}
