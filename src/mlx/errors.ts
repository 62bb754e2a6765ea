/** Errors of the mlx_lm integration: one message a user can act on (exit 1 in the CLI). */
import { PunieError } from "../errors.ts";

/** How many last lines of mlx_lm's output an error quotes. */
export const LOG_TAIL_LINES = 20;

export class MlxError extends PunieError {
  constructor(message: string, options?: ErrorOptions) {
    super("mlx", message, options);
  }
}
