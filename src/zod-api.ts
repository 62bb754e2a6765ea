/**
 * The part of zod that Punie's lazily built schemas use, as one object: what `loadZod()` loads.
 * Importing "zod" itself dynamically would keep its whole namespace, every locale included (~550 KB
 * of JS), and the bundler puts that into the chunk the ACP SDK's own zod loads at start-up; reading
 * named members lets it drop what is never used (test/scripts/startup-chunks.test.ts). A member
 * missing here is a type error at its use.
 */
import * as zod from "zod";

export const zodApi = {
  array: zod.array,
  boolean: zod.boolean,
  coerce: zod.coerce,
  discriminatedUnion: zod.discriminatedUnion,
  enum: zod.enum,
  int: zod.int,
  literal: zod.literal,
  looseObject: zod.looseObject,
  NEVER: zod.NEVER,
  null: zod.null,
  number: zod.number,
  object: zod.object,
  preprocess: zod.preprocess,
  prettifyError: zod.prettifyError,
  record: zod.record,
  strictObject: zod.strictObject,
  string: zod.string,
  toJSONSchema: zod.toJSONSchema,
  union: zod.union,
  unknown: zod.unknown,
};
