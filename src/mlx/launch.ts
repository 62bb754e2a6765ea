/**
 * mlx's own distributed launcher: `mlx.launch --hosts ip1,ip2 [--backend ring] [--hostfile F]
 * -- PYTHON -m mlx_lm ...` (rank 0 serves HTTP). How Punie serves a model larger than one Mac and
 * trains data-parallel (pure, apart from finding the launcher).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { MlxError } from "./errors.ts";

export const LAUNCH_BACKENDS = ["ring", "jaccl", "mpi", "any"] as const;

export const LaunchSchema = z
  .object({
    hosts: z.array(z.string().min(1)).min(1).optional(),
    hostfile: z.string().min(1).optional(),
    backend: z.enum(LAUNCH_BACKENDS).optional(),
  })
  .strict()
  .refine((l) => !(l.hosts && l.hostfile), "--hosts and --hostfile do not go together: give one")
  .refine((l) => !l.backend || l.hosts || l.hostfile, "--backend needs --hosts or --hostfile");

export type Launch = z.output<typeof LaunchSchema>;

export function isDistributed(launch: Launch | undefined): launch is Launch {
  return Boolean(launch?.hosts || launch?.hostfile);
}

/** The launcher's argv around `command` (the python argv). */
export function launchArgv(launcher: string, launch: Launch, command: string[]): string[] {
  return [
    launcher,
    ...(launch.hosts ? ["--hosts", launch.hosts.join(",")] : []),
    ...(launch.hostfile ? ["--hostfile", launch.hostfile] : []),
    ...(launch.backend ? ["--backend", launch.backend] : []),
    "--",
    ...command,
  ];
}

/**
 * `command` as it runs: through mlx.launch when `launch` spreads it over several Macs, else as is.
 * @throws MlxError when it is distributed and mlx.launch is not found
 */
export function distributedArgv(command: string[], launch: Launch | undefined, python: string, env: Record<string, string | undefined>): string[] {
  if (!isDistributed(launch)) return command;
  const launcher = findLauncher(python, env);
  if (!launcher) throw new MlxError("mlx.launch was not found next to the Python or on PATH: pip install mlx (it ships the launcher)");
  return launchArgv(launcher, launch, command);
}

/** `mlx.launch` next to the interpreter (a venv's bin), else on PATH; null when neither. */
export function findLauncher(python: string, env: Record<string, string | undefined>): string | null {
  const beside = join(dirname(python), "mlx.launch");
  if (existsSync(beside)) return beside;
  return Bun.which("mlx.launch", env.PATH ? { PATH: env.PATH } : {});
}
