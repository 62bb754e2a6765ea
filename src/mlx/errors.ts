/** Errors of the mlx_lm integration: one message a user can act on (exit 1 in the CLI). */
import { PunieError } from "../errors.ts";

export class MlxError extends PunieError {
  constructor(message: string, options?: ErrorOptions) {
    super("mlx", message, options);
  }
}
