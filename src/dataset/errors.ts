/** Dataset failures a user can act on (bad paths, refused overwrites, a failed download). */
import { PunieError } from "../errors.ts";

export class DatasetError extends PunieError {
  constructor(message: string, options?: ErrorOptions) {
    super("dataset", message, options);
  }
}
