/**
 * A small, strict XML 1.0 reader: elements, attributes, text, CDATA, comments, processing
 * instructions, a DOCTYPE without internal subset. It rejects what is not well-formed (unclosed
 * or mismatched tags, unquoted or duplicate attributes, bare `&` or `<`, unknown entities).
 * Enough for JUnit reports and for checking our own SVG/HTML output; no namespaces, no DTDs.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element (entities decoded, CDATA included). */
  text: string;
}

export class XmlError extends Error {
  override readonly name = 'XmlError';
}

const NAME = /[A-Za-z_:][\w.:-]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  return raw.replace(/&([^;&<]*);|&/g, (m, body: string | undefined) => {
    if (body === undefined) throw new XmlError(`bare '&' near offset ${at}`);
    if (ENTITIES[body]) return ENTITIES[body]!;
    const num = /^#(?:x([0-9a-fA-F]+)|(\d+))$/.exec(body);
    if (!num) throw new XmlError(`unknown entity &${body}; near offset ${at}`);
    return String.fromCodePoint(parseInt(num[1] ?? num[2]!, num[1] ? 16 : 10));
  });
}

export interface ParseOptions {
  /** Accept ']]>' in text (node's junit reporter writes it unescaped). Default false. */
  lenient?: boolean;
}

class Reader {
  pos = 0;
  constructor(readonly src: string, readonly opts: ParseOptions) {}

  fail(what: string): never {
    throw new XmlError(`${what} at offset ${this.pos}`);
  }
  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }
  skipTo(end: string, what: string): string {
    const i = this.src.indexOf(end, this.pos);
    if (i < 0) this.fail(`unterminated ${what}`);
    const body = this.src.slice(this.pos, i);
    this.pos = i + end.length;
    return body;
  }
  name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) this.fail('expected a name');
    this.pos += m[0].length;
    return m[0];
  }
  space(): boolean {
    const start = this.pos;
    while (/\s/.test(this.src[this.pos] ?? '')) this.pos++;
    return this.pos > start;
  }
  /** Comments, PIs, DOCTYPE: true if one was skipped. */
  misc(): boolean {
    if (this.startsWith('<!--')) {
      this.pos += 4;
      if (this.skipTo('-->', 'comment').includes('--')) this.fail("'--' inside a comment");
      return true;
    }
    if (this.startsWith('<?')) return this.skipTo('?>', 'processing instruction') !== undefined;
    if (this.startsWith('<!DOCTYPE')) {
      if (this.skipTo('>', 'DOCTYPE').includes('[')) this.fail('DOCTYPE internal subset not supported');
      return true;
    }
    return false;
  }
  attributes(el: XmlElement): boolean {
    for (;;) {
      const spaced = this.space();
      if (this.startsWith('/>')) { this.pos += 2; return true; }
      if (this.startsWith('>')) { this.pos += 1; return false; }
      if (!spaced) this.fail(`expected whitespace or '>' in <${el.name}>`);
      const at = this.pos;
      const n = this.name();
      this.space();
      if (this.src[this.pos] !== '=') this.fail(`attribute ${n} without '='`);
      this.pos++;
      this.space();
      const q = this.src[this.pos];
      if (q !== '"' && q !== "'") this.fail(`attribute ${n} value not quoted`);
      this.pos++;
      const raw = this.skipTo(q, `attribute ${n}`);
      if (raw.includes('<')) this.fail(`'<' in attribute ${n}`);
      if (n in el.attrs) this.fail(`duplicate attribute ${n}`);
      el.attrs[n] = decode(raw, at);
    }
  }
  content(el: XmlElement): void {
    for (;;) {
      const lt = this.src.indexOf('<', this.pos);
      if (lt < 0) this.fail(`unclosed <${el.name}>`);
      const raw = this.src.slice(this.pos, lt);
      if (!this.opts.lenient && raw.includes(']]>')) this.fail("']]>' in text");
      el.text += decode(raw, this.pos);
      this.pos = lt;
      if (this.startsWith('</')) {
        this.pos += 2;
        const n = this.name();
        if (n !== el.name) this.fail(`</${n}> closes <${el.name}>`);
        this.space();
        if (this.src[this.pos] !== '>') this.fail(`malformed </${n}>`);
        this.pos++;
        return;
      }
      if (this.startsWith('<![CDATA[')) { this.pos += 9; el.text += this.skipTo(']]>', 'CDATA'); continue; }
      if (this.startsWith('<!--') || this.startsWith('<?')) { this.misc(); continue; }
      el.children.push(this.element());
    }
  }
  element(): XmlElement {
    if (this.src[this.pos] !== '<') this.fail("expected '<'");
    this.pos++;
    const el: XmlElement = { name: this.name(), attrs: {}, children: [], text: '' };
    if (!this.attributes(el)) this.content(el);
    return el;
  }
}

/** Parses a whole document and returns its root element; throws XmlError if not well-formed. */
export function parseXml(text: string, opts: ParseOptions = {}): XmlElement {
  const r = new Reader(text.replace(/^\uFEFF/, ''), opts);
  while (r.space() || r.misc());
  const root = r.element();
  while (r.space() || r.misc());
  if (r.pos < r.src.length) r.fail('content after the root element');
  return root;
}

/** Every element in document order (the root first). */
export function walk(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap(walk)];
}
