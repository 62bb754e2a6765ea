/**
 * Slash commands the IDE offers in its prompt box (available_commands_update). They are answered
 * by Punie itself, without a model request.
 */
import type * as acp from "@agentclientprotocol/sdk";
import { PERMISSION_MODES, type PermissionMode, parseMode } from "../permissions/modes.ts";
import type { ModelChoice } from "./session-config.ts";

export const AVAILABLE_COMMANDS: acp.AvailableCommand[] = [
  { name: "tools", description: "List the tools the model can use this session, and where each comes from" },
  { name: "model", description: "Show the model, list the server's models, or switch: /model NAME", input: { hint: "model to switch to" } },
  { name: "mode", description: "Show or switch the permission mode: /mode ask|accept-edits|auto|read-only", input: { hint: "permission mode" } },
  { name: "help", description: "What Punie can do and how to use it" },
];

export type SlashCommand = { name: string; argument: string };

/** A prompt that is one of our commands, or null (then it goes to the model). */
export function parseSlashCommand(text: string): SlashCommand | null {
  const match = /^\/([a-z-]+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match?.[1] || !AVAILABLE_COMMANDS.some((command) => command.name === match[1])) return null;
  return { name: match[1], argument: (match[2] ?? "").trim() };
}

export type CommandHost = {
  toolsReport(): Promise<string>;
  currentModel(): string;
  modelChoices(): Promise<ModelChoice[]>;
  setModel(spec: string): Promise<void>;
  currentMode(): PermissionMode;
  setMode(mode: PermissionMode): Promise<void>;
};

/** Runs a command; returns the reply shown as the agent's message. */
export async function runSlashCommand(command: SlashCommand, host: CommandHost): Promise<string> {
  switch (command.name) {
    case "tools":
      return host.toolsReport();
    case "model": {
      const choices = await host.modelChoices();
      if (command.argument === "") {
        const list = choices.map((choice) => `- ${choice.spec === host.currentModel() ? "**" : ""}${choice.name}${choice.spec === host.currentModel() ? "** (current)" : ""}`);
        return `Model: ${host.currentModel()}\n\nAvailable:\n${list.join("\n")}\n\nSwitch with /model NAME.`;
      }
      const wanted = choices.find((choice) => choice.name === command.argument || choice.spec === command.argument);
      if (!wanted) return `No model "${command.argument}" on this server. Available: ${choices.map((c) => c.name).join(", ")}.`;
      await host.setModel(wanted.spec);
      return `Model switched to ${wanted.name}; it answers from the next prompt.`;
    }
    case "mode": {
      if (command.argument === "") {
        const lines = PERMISSION_MODES.map((info) => `- ${info.id}${info.id === host.currentMode() ? " (current)" : ""}: ${info.description}`);
        return `Permission mode: ${host.currentMode()}\n\n${lines.join("\n")}\n\nSwitch with /mode ID.`;
      }
      const mode = parseMode(command.argument);
      if (!mode) return `Unknown mode "${command.argument}". Modes: ${PERMISSION_MODES.map((info) => info.id).join(", ")}.`;
      await host.setMode(mode);
      return `Permission mode switched to ${mode}.`;
    }
    case "help":
      return [
        "Punie is a local-first coding agent. Ask it to read, change or run things in this project: it works through the IDE and asks before edits and commands (see /mode).",
        "",
        "Commands:",
        ...AVAILABLE_COMMANDS.map((item) => `- /${item.name}: ${item.description}`),
        "",
        "Settings: .punie/settings.json in the project (docs/settings.md). Logs: ~/.punie/logs/punie.log.",
      ].join("\n");
    default:
      return `Unknown command /${command.name}.`;
  }
}
