/**
 * A minimal XML tag reader, enough for JUnit reports: yields start, end and self-closing tags with
 * their attributes (entities decoded) and the text between tags. Comments, processing
 * instructions, doctypes and CDATA are handled; namespaces and DTDs are not needed (pure).
 */
export type XmlEvent =
  | { type: "open"; name: string; attributes: Record<string, string>; selfClosing: boolean }
  | { type: "close"; name: string }
  | { type: "text"; text: string };

export function* readXml(xml: string): Generator<XmlEvent> {
  let at = 0;
  while (at < xml.length) {
    const lt = xml.indexOf("<", at);
    if (lt === -1) {
      yield { type: "text", text: decodeEntities(xml.slice(at)) };
      return;
    }
    if (lt > at) yield { type: "text", text: decodeEntities(xml.slice(at, lt)) };
    if (xml.startsWith("<!--", lt)) {
      at = skipPast(xml, lt, "-->");
    } else if (xml.startsWith("<![CDATA[", lt)) {
      const end = xml.indexOf("]]>", lt);
      const stop = end === -1 ? xml.length : end;
      yield { type: "text", text: xml.slice(lt + 9, stop) };
      at = end === -1 ? xml.length : end + 3;
    } else if (xml.startsWith("<?", lt)) {
      at = skipPast(xml, lt, "?>");
    } else if (xml.startsWith("<!", lt)) {
      at = skipPast(xml, lt, ">");
    } else if (xml.startsWith("</", lt)) {
      const end = xml.indexOf(">", lt);
      yield { type: "close", name: xml.slice(lt + 2, end === -1 ? xml.length : end).trim() };
      at = end === -1 ? xml.length : end + 1;
    } else {
      const tag = readStartTag(xml, lt + 1);
      yield { type: "open", name: tag.name, attributes: tag.attributes, selfClosing: tag.selfClosing };
      at = tag.end;
    }
  }
}

function skipPast(xml: string, from: number, marker: string): number {
  const end = xml.indexOf(marker, from);
  return end === -1 ? xml.length : end + marker.length;
}

/** Reads `name attr="v" …>` honouring quotes, since attribute values may hold ">" or "/". */
function readStartTag(xml: string, from: number): { name: string; attributes: Record<string, string>; selfClosing: boolean; end: number } {
  let at = from;
  const isNameChar = (c: string | undefined) => c !== undefined && !/[\s/>=]/.test(c);
  while (isNameChar(xml[at])) at++;
  const name = xml.slice(from, at);
  const attributes: Record<string, string> = {};
  for (;;) {
    while (at < xml.length && /\s/.test(xml[at]!)) at++;
    const c = xml[at];
    if (c === undefined) return { name, attributes, selfClosing: false, end: at };
    if (c === ">") return { name, attributes, selfClosing: false, end: at + 1 };
    if (c === "/" && xml[at + 1] === ">") return { name, attributes, selfClosing: true, end: at + 2 };
    const start = at;
    while (isNameChar(xml[at])) at++;
    const key = xml.slice(start, at);
    if (key === "") {
      at++; // stray character: skip it rather than loop forever
      continue;
    }
    while (/\s/.test(xml[at] ?? "")) at++;
    if (xml[at] !== "=") {
      attributes[key] = "";
      continue;
    }
    at++;
    while (/\s/.test(xml[at] ?? "")) at++;
    const quote = xml[at];
    if (quote === '"' || quote === "'") {
      const close = xml.indexOf(quote, at + 1);
      const stop = close === -1 ? xml.length : close;
      attributes[key] = decodeEntities(xml.slice(at + 1, stop));
      at = stop + 1;
    } else {
      const begin = at;
      while (at < xml.length && !/[\s>]/.test(xml[at]!)) at++;
      attributes[key] = decodeEntities(xml.slice(begin, at));
    }
  }
}

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, body: string) => {
    if (body.startsWith("#x")) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    return NAMED[body] ?? whole;
  });
}
