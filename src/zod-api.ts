/**
 * The part of zod that Punie's lazily built schemas use, as one object: what `loadZod()` loads.
 * Importing "zod" itself dynamically would keep its whole namespace, every locale included (~550 KB
 * of JS), and the bundler puts that into the chunk the ACP SDK's own zod loads at start-up; named
 * imports let it drop what is never used. A member missing here is a type error at its use.
 */
import {
  array,
  boolean,
  coerce,
  discriminatedUnion,
  enum as enumOf,
  int,
  literal,
  looseObject,
  NEVER,
  null as nullValue,
  number,
  object,
  preprocess,
  prettifyError,
  record,
  strictObject,
  string,
  toJSONSchema,
  union,
  unknown,
} from "zod";

export const zodApi = {
  array,
  boolean,
  coerce,
  discriminatedUnion,
  enum: enumOf,
  int,
  literal,
  looseObject,
  NEVER,
  null: nullValue,
  number,
  object,
  preprocess,
  prettifyError,
  record,
  strictObject,
  string,
  toJSONSchema,
  union,
  unknown,
};
