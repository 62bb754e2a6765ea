/** Loaded before every test file (bunfig.toml): global hooks. */
import { afterEach } from "bun:test";
import { cleanUpAfterTest } from "./helpers/temp.ts";

afterEach(cleanUpAfterTest);
