/** Loaded before every test file (bunfig.toml): global hooks. */
import { afterEach } from "bun:test";
import { loadZod } from "../src/zod-loader.ts";
import { cleanUpAfterTest } from "./helpers/temp.ts";

// Schemas are built with the loaded zod; the binary loads it at start or before first use.
await loadZod();

afterEach(cleanUpAfterTest);
