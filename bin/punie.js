#!/usr/bin/env bun
// The npm `bin` for `bunx punie`: runs the TypeScript sources with Bun.
import "../src/main.ts";
