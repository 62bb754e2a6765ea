/**
 * session/prompt: a slash command answered by Punie, or a turn of the session runner (whose
 * updates reach the IDE through the session's sender).
 */
import type * as acp from "@agentclientprotocol/sdk";
import { promptToText } from "../session/prompt-text.ts";
import { textChunk } from "../session/updates.ts";
import type { AcpSession } from "./acp-session.ts";
import { type CommandHost, parseSlashCommand, runSlashCommand } from "./commands.ts";

export async function runPrompt(session: AcpSession, prompt: acp.ContentBlock[], commands: CommandHost): Promise<acp.StopReason> {
  const text = promptToText(prompt);
  const command = parseSlashCommand(text);
  if (command) {
    // A turn like any prompt: refused while one runs (SessionBusyError), as a second prompt is.
    return session.runner.exclusive(async (): Promise<acp.StopReason> => {
      session.runner.nameFrom(text);
      session.sender.send(textChunk("agent_message_chunk", await runSlashCommand(command, commands)));
      await session.sender.flush();
      return "end_turn";
    });
  }
  const result = await session.runner.prompt(prompt);
  await session.sender.flush();
  return result.stopReason;
}
