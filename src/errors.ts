/**
 * Typed errors, sorted by who reads them (STYLE.md §4). Never detect an error by its message text:
 * check `instanceof` or `code`.
 */
export class PunieError extends Error {
  /** Stable machine-readable code, e.g. "workspace_boundary". */
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Something the model did wrong and can fix: sent back to it as a tool result. */
export class ToolInputError extends PunieError {
  constructor(message: string, options?: ErrorOptions) {
    super("tool_input", message, options);
  }
}

/** A path or cwd that leaves the workspace. The model reads the message. */
export class WorkspaceBoundaryError extends PunieError {
  constructor(message: string) {
    super("workspace_boundary", message);
  }
}

/** The action was refused: by the user, the permission mode or a settings rule. */
export class PermissionDeniedError extends PunieError {
  constructor(message: string) {
    super("permission_denied", message);
  }
}

/** The model server could not be reached or answered badly. Shown to the user as a paragraph. */
export class ModelServerError extends PunieError {
  readonly baseURL: string;
  constructor(baseURL: string, message: string, options?: ErrorOptions) {
    super("model_server", message, options);
    this.baseURL = baseURL;
  }
}

/** The model server refused a request because it held images (a model without vision). */
export class ModelRejectedImagesError extends ModelServerError {}

/** Bad settings, specs or flags: one line for the user, exit code 1. */
export class ConfigError extends PunieError {
  constructor(message: string) {
    super("config", message);
  }
}

/** A CLI failure with its exit code; printed as one line by cli/ only. */
export class CliError extends PunieError {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super("cli", message);
    this.exitCode = exitCode;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A file that does not exist; tools turn it into a message the model can act on. */
export class FileNotFoundError extends PunieError {
  readonly path: string;
  constructor(path: string) {
    super("file_not_found", `File not found: ${path}`);
    this.path = path;
  }
}
