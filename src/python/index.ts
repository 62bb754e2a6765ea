/** Python: THE resolver of the interpreter every Python-running command uses (see resolve.ts). */
export * from "./resolve.ts";
