/**
 * mlx/: mlx_lm driven as a subprocess (it runs only on Apple silicon Macs). The server manager
 * (`startManagedServer` for punie's own work, `launchServer` for `punie mlx start`), server
 * settings → exact argv, the Python check, fuse and its cache, mlx.launch for several Macs.
 */
export { MlxError } from "./errors.ts";
export { fusedModel, fuseArgv, looksFourBit, runFuse } from "./fuse.ts";
export { isDistributed, type Launch, launchArgv } from "./launch.ts";
export { INSTALL_HINT, type MlxPython, resolveMlxPython } from "./python.ts";
export { chatProbe, clientBaseUrl } from "./readiness.ts";
export { launchServer, type ManagedServer, parseServerConfig, type ServerOptions, startManagedServer } from "./server.ts";
export { type ServerConfig, type ServerConfigInput, serverArgv } from "./server-config.ts";
