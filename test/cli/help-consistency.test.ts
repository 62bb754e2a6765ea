import { expect, test } from "bun:test";
import type { ArgsDef, CommandDef } from "citty";
import { mainCommand } from "../../src/cli/index.ts";

type AnyCommand = CommandDef<ArgsDef>;
const resolve = async <T>(value: unknown): Promise<T> => (typeof value === "function" ? await (value as () => T)() : (value as T));

async function* commands(command: AnyCommand, path: string[]): AsyncGenerator<{ path: string; args: ArgsDef; description: string }> {
  const meta = await resolve<{ description?: string } | undefined>(command.meta);
  yield { path: path.join(" "), args: (await resolve<ArgsDef | undefined>(command.args)) ?? {}, description: meta?.description ?? "" };
  const subs = (await resolve<Record<string, unknown> | undefined>(command.subCommands)) ?? {};
  for (const [name, sub] of Object.entries(subs)) yield* commands(await resolve<AnyCommand>(sub), [...path, name]);
}

test("every flag that takes a value says what kind (<N>, <FILE>, <DIR>…), not its own name shouted (<MIN-PYTHON>)", async () => {
  const unnamed: string[] = [];
  for await (const { path, args } of commands(mainCommand as unknown as AnyCommand, ["punie"])) {
    for (const [name, def] of Object.entries(args)) {
      if (def.type === "string" && def.valueHint === undefined) unnamed.push(`${path} --${name}`);
    }
  }
  expect(unnamed).toEqual([]);
});

test("every command's help shows an example", async () => {
  const without: string[] = [];
  for await (const { path, description } of commands(mainCommand as unknown as AnyCommand, ["punie"])) {
    if (!/^Example: punie /m.test(description)) without.push(path);
  }
  expect(without).toEqual([]);
});

test("the same flag has the same short form in every command: -m --model, -w --workspace, -o --output", async () => {
  const short: Record<string, string> = { model: "m", workspace: "w", output: "o" };
  const different: string[] = [];
  for await (const { path, args } of commands(mainCommand as unknown as AnyCommand, ["punie"])) {
    for (const [name, def] of Object.entries(args)) {
      const wanted = short[name];
      if (wanted === undefined || def.type === "positional") continue;
      const aliases = "alias" in def && def.alias !== undefined ? [def.alias].flat() : [];
      if (!aliases.includes(wanted)) different.push(`${path} --${name}`);
    }
  }
  expect(different).toEqual([]);
});

test("a short flag means one thing across the whole CLI (and never -h or -v, which are help and version)", async () => {
  const meanings = new Map<string, Set<string>>([
    ["h", new Set(["help"])],
    ["v", new Set(["version"])],
  ]);
  for await (const { args } of commands(mainCommand as unknown as AnyCommand, ["punie"])) {
    for (const [name, def] of Object.entries(args)) {
      const aliases = "alias" in def && def.alias !== undefined ? [def.alias].flat() : [];
      for (const alias of aliases.filter((a) => a.length === 1)) meanings.set(alias, (meanings.get(alias) ?? new Set()).add(name));
    }
  }
  const twoMeanings = [...meanings].filter(([, names]) => names.size > 1).map(([alias, names]) => `-${alias}: --${[...names].join(", --")}`);
  expect(twoMeanings).toEqual([]);
});
