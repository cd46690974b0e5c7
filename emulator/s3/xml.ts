/** Minimal XML writing for S3 and SNS responses (element text only; no attributes beyond namespaces). */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export type XmlChild = string | number | boolean | null | undefined | XmlNode | XmlChild[];

export interface XmlNode {
  name: string;
  attributes?: Record<string, string>;
  children: XmlChild[];
}

/** `el("Key", "a&b")` → `<Key>a&amp;b</Key>`; null/undefined children are skipped. */
export function el(name: string, ...children: XmlChild[]): XmlNode {
  return { name, children };
}

export function elWith(name: string, attributes: Record<string, string>, ...children: XmlChild[]): XmlNode {
  return { name, attributes, children };
}

function render(child: XmlChild): string {
  if (child === null || child === undefined) return "";
  if (Array.isArray(child)) return child.map(render).join("");
  if (typeof child === "object") {
    const attributes = Object.entries(child.attributes ?? {})
      .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
      .join("");
    return `<${child.name}${attributes}>${child.children.map(render).join("")}</${child.name}>`;
  }
  return escapeXml(String(child));
}

/** A complete document with the XML declaration. */
export function xmlDocument(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root)}`;
}

/** The text of every `<name>…</name>` element in `xml` (enough for S3's small request bodies). */
export function elementTexts(xml: string, name: string): string[] {
  const pattern = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, "g");
  return [...xml.matchAll(pattern)].map((m) => unescapeXml(m[1] ?? ""));
}

function unescapeXml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&");
}
