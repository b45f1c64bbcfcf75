/**
 * Turns NFO text into elements, refusing anything that could make parsing dangerous. NFO files come
 * from libraries and downloads Marquee does not control, so the text is hostile until shown
 * otherwise: no DTD is ever processed, no entity beyond XML's five predefined ones is expanded, and
 * size and nesting are bounded before any work that grows with them.
 */

import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import { NfoError } from './nfo.errors.js';

/** Far above real NFOs (tens of KB, even with every actor and image listed); bounds one file's work. */
export const NFO_MAX_LENGTH = 5 * 1024 * 1024;

/** Real NFOs nest 5 deep (movie > fileinfo > streamdetails > video > codec). */
const MAX_DEPTH = 32;

/** A parsed element: child elements by lower-cased name, text, and attributes. */
export type XmlElement = Readonly<Record<string, unknown>>;

const TEXT = '#text';
const ATTRIBUTE_PREFIX = '@_';

/**
 * A DTD is the only way to declare entities, so refusing DTDs rules out billion-laughs expansion,
 * external entities (XXE) and parameter entities at once; no real NFO writer emits one.
 */
const DTD_MARKUP = /<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;
/** C0 controls XML forbids; old Windows tools leave some (e.g. a trailing ^Z). NUL is refused earlier. */
const CONTROL_CHARACTERS = /[\u0001-\u0008\u000B\u000C\u000E-\u001F]/g;

const keep = (text: string): string => text;

/**
 * Rewrites the `open … close` sections and the text between them in one left-to-right pass; an
 * unclosed section is left as text for the validator to report. Lazy regexes would rescan the rest
 * of the file for every unclosed opener, which hostile text can make quadratic.
 */
function mapSections(
  text: string,
  [open, close]: readonly [string, string],
  section: (text: string) => string,
  between: (text: string) => string = keep,
): string {
  let result = '';
  let position = 0;
  for (let start = text.indexOf(open); start !== -1; start = text.indexOf(open, position)) {
    const end = text.indexOf(close, start + open.length);
    if (end === -1) break;
    result += between(text.slice(position, start)) + section(text.slice(start, end + close.length));
    position = end + close.length;
  }
  return result + between(text.slice(position));
}

const DECLARATION = ['<?xml', '?>'] as const;
const COMMENT = ['<!--', '-->'] as const;
const CDATA = ['<![CDATA[', ']]>'] as const;

/** Hand-written NFOs carry raw '&' ("Marvel & DC"); escaping them keeps the rest of the file readable. */
const escapeStrayAmpersands = (text: string): string =>
  text.replace(/&(?![A-Za-z_][\w.-]*;|#\d+;|#x[0-9A-Fa-f]+;)/g, '&amp;');

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9A-Fa-f]{1,6}));/g;

function isXmlCharacter(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** The five predefined entities and character references; anything else stays as written. */
function decodeReferences(text: string): string {
  return text.replace(REFERENCE, (reference, name: string | undefined, decimal: string | undefined, hex: string | undefined) => {
    if (name !== undefined) return PREDEFINED_ENTITIES[name]!;
    const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex!, 16);
    return isXmlCharacter(code) ? String.fromCodePoint(code) : reference;
  });
}

/**
 * Replaces fast-xml-parser's own decoder so no configuration, version or DOCTYPE can widen what
 * gets expanded: entities a document declares are dropped, not registered.
 */
const entityDecoder: EntityDecoderOptions = {
  decode: decodeReferences,
  addInputEntities: () => undefined,
  setExternalEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  textNodeName: TEXT,
  alwaysCreateTextNode: true,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Writers disagree on case (<imdbId>, <musicBrainzArtistID>, IMDB="…"); Kodi's own are lower-case.
  transformTagName: (name) => name.toLowerCase(),
  transformAttributeName: (name) => name.toLowerCase(),
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
  entityDecoder,
  maxNestedTags: MAX_DEPTH,
});

/** Lets several roots (multi-episode files) parse as one document; lower-case like every parsed name. */
const WRAPPER = 'marquee-nfo-document';

export type NfoMarkup =
  /** No elements: the text of a URL-only NFO. */
  | { form: 'text'; text: string }
  /** Root elements (all of one name) and any text around them, where Kodi allows provider URLs. */
  | { form: 'xml'; rootName: string; roots: XmlElement[]; outsideText: string };

/** Where the markup ends: the first '>' after the last closing tag, as Jellyfin finds it. */
function endOfMarkup(body: string): number {
  const lastClose = body.lastIndexOf('</');
  const end = body.indexOf('>', lastClose === -1 ? body.lastIndexOf('<') : lastClose);
  return end === -1 ? body.length : end + 1;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function parseWrapped(xml: string, firstLine: number): XmlElement {
  const wrapped = `<${WRAPPER}>${xml}</${WRAPPER}>`;
  const validation = XMLValidator.validate(wrapped);
  if (validation !== true) {
    const { code, line } = validation.err;
    throw new NfoError('MALFORMED', `NFO is not well-formed XML (${code} at line ${String(firstLine + line - 1)})`);
  }
  let tree: XmlElement;
  try {
    tree = parser.parse(wrapped) as XmlElement;
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (message.startsWith('[SECURITY]')) throw new NfoError('HOSTILE', 'NFO uses element names that could pollute object prototypes');
    if (message.startsWith('Maximum nested tags')) throw new NfoError('MALFORMED', `NFO nests elements deeper than ${String(MAX_DEPTH)}`);
    throw new NfoError('MALFORMED', 'NFO could not be parsed as XML');
  }
  return childElements(tree, WRAPPER)[0] ?? {};
}

/**
 * Checks and parses NFO text. Order matters: the size is checked before anything scans the text,
 * and DTDs are refused before the parser sees a byte.
 */
export function parseNfoMarkup(input: string): NfoMarkup {
  if (input.length > NFO_MAX_LENGTH) {
    throw new NfoError('TOO_LARGE', `NFO is longer than ${String(NFO_MAX_LENGTH)} characters`);
  }
  if (input.includes('\u0000')) {
    throw new NfoError('MALFORMED', 'NFO contains NUL characters: binary data, or UTF-16 read as UTF-8');
  }
  if (DTD_MARKUP.test(input)) {
    throw new NfoError('HOSTILE', 'NFO declares a DTD (DOCTYPE or ENTITY); refused because DTDs enable entity expansion');
  }
  // Multi-episode files are often concatenated NFOs, each with its own declaration.
  const body = mapSections(input.replace(/^\uFEFF/, '').replace(CONTROL_CHARACTERS, ''), DECLARATION, () => '');
  if (mapSections(body, COMMENT, () => '').trim() === '') throw new NfoError('EMPTY', 'NFO is empty');

  const start = body.indexOf('<');
  if (start === -1) return { form: 'text', text: decodeReferences(body) };
  const end = endOfMarkup(body);
  const outsideText = decodeReferences(mapSections(`${body.slice(0, start)}\n${body.slice(end)}`, COMMENT, () => '\n'));
  const xml = mapSections(body.slice(start, end), CDATA, keep, escapeStrayAmpersands);
  // The validator lets other "<!…" through, and the parser would make elements of them.
  if (mapSections(mapSections(xml, COMMENT, () => ''), CDATA, () => '').includes('<!')) {
    throw new NfoError('MALFORMED', 'NFO contains "<!" markup that is neither a comment nor CDATA');
  }

  const document = parseWrapped(xml, lineOf(body, start));
  const rootNames = Object.keys(document).filter((key) => key !== TEXT && !key.startsWith(ATTRIBUTE_PREFIX));
  if (rootNames.length === 0) return { form: 'text', text: outsideText };
  if (rootNames.length > 1) throw new NfoError('MALFORMED', 'NFO has several different root elements');
  const rootName = rootNames[0]!;
  return { form: 'xml', rootName, roots: childElements(document, rootName), outsideText };
}

/** Child elements of one (lower-case) name, in document order. */
export function childElements(element: XmlElement, name: string): XmlElement[] {
  const value = Object.hasOwn(element, name) ? element[name] : undefined;
  return Array.isArray(value) ? value.filter((child): child is XmlElement => typeof child === 'object' && child !== null) : [];
}

/** The element's own text (children's text excluded), untrimmed. */
export function elementText(element: XmlElement): string {
  const value = Object.hasOwn(element, TEXT) ? element[TEXT] : undefined;
  return typeof value === 'string' ? value : '';
}

/** An attribute (lower-case name), trimmed; undefined when absent or blank. */
export function attribute(element: XmlElement, name: string): string | undefined {
  const key = ATTRIBUTE_PREFIX + name;
  const value = Object.hasOwn(element, key) ? element[key] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
