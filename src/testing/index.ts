/** Testing kit, shipped for users' own tests: fakes that need no network, model or IDE. */
export * from "./scripted-server.ts";
