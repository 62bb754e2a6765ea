/**
 * Natural-language detection with franc-min (trigram models of 82 languages). Code blocks are
 * removed first (text.ts) so Python keywords do not vote for English.
 */
import { franc } from "franc-min";
import { DatasetError } from "./errors.ts";

/** ISO 639-1 codes people type, mapped to the ISO 639-3 codes franc returns. */
const ISO1_TO_3: Record<string, string> = {
  en: "eng", fr: "fra", de: "deu", es: "spa", it: "ita", pt: "por", ru: "rus", zh: "cmn", ja: "jpn", ko: "kor",
  nl: "nld", pl: "pol", tr: "tur", ar: "arb", hi: "hin", vi: "vie", uk: "ukr", sv: "swe", id: "ind", fa: "pes",
};

export function languageCode(input: string): string {
  const code = input.trim().toLowerCase();
  return ISO1_TO_3[code] ?? code;
}

/** An ISO 639-1 code Punie maps, or any ISO 639-3 code (three letters); else the one-line reason. */
export function checkLanguageCode(input: string): void {
  const code = input.trim().toLowerCase();
  if (ISO1_TO_3[code] !== undefined || /^[a-z]{3}$/.test(code)) return;
  throw new DatasetError(`--language ${input}: unknown language code; give ${Object.keys(ISO1_TO_3).slice(0, 6).join(", ")}, … or an ISO 639-3 code such as eng`);
}

/** Long texts are sampled: a few thousand characters decide as well as the whole. */
const SAMPLE = 4000;

/** franc's ISO 639-3 code, or "und" when the text is too short to tell. */
export function detectLanguage(prose: string): string {
  const text = prose.replace(/\s+/g, " ").trim();
  return franc(text.length > SAMPLE ? text.slice(0, SAMPLE) : text, { minLength: 20 });
}
