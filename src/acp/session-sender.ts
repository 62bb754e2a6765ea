/**
 * One ordered sender of session/update per session: updates leave in the order they were made,
 * failures are logged once here instead of at every call site, and `flush()` lets the prompt
 * answer only after every update it caused has been written.
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { Logger } from "../log/logger.ts";

export type UpdateSender = {
  send(update: acp.SessionUpdate): void;
  flush(): Promise<void>;
};

export function createUpdateSender(client: Pick<acp.AgentContext, "notify">, sessionId: string, log: Logger): UpdateSender {
  // The SDK writes messages one after another in the order they were handed to it: each update
  // goes to it at once, and the last one's promise settles only once every earlier one is written.
  let last: Promise<void> = Promise.resolve();
  let failed = false;
  const onError = (error: unknown) => {
    if (!failed) log.warn(`session/update to the client failed for ${sessionId}`, error);
    failed = true;
  };
  return {
    send(update) {
      try {
        last = client.notify("session/update", { sessionId, update }).catch(onError);
      } catch (error) {
        onError(error);
      }
    },
    flush: () => last,
  };
}
