/** Settings: the strict file schema and the loader that resolves flag > env > project > user > defaults. */
export * from "./issues.ts";
export * from "./load.ts";
export * from "./schema.ts";
