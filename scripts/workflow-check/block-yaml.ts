// A reader for the block-style YAML subset that GitHub workflows and stack config files are written
// in. The project has no YAML library, and the checks must never pass a construct they cannot see,
// so anything outside the subset (anchors, aliases, tags, multi-line flow collections, `? ` keys,
// several documents) is an error that names the line, not a guess. actionlint parses the real YAML.

export interface YScalar {
  kind: "scalar";
  /** The value as text; "" for an empty (null) value. Block scalars keep their lines verbatim. */
  value: string;
  /** True for `key:` with nothing after it (YAML null). */
  isNull: boolean;
  line: number;
}

export interface YEntry {
  key: string;
  line: number;
  value: YNode;
}

export interface YMap {
  kind: "map";
  entries: YEntry[];
  line: number;
}

export interface YSeq {
  kind: "seq";
  items: YNode[];
  line: number;
}

export type YNode = YScalar | YMap | YSeq;

/** A line the reader cannot accept; `line` is 1-based. */
export class YamlSubsetError extends Error {
  constructor(
    public readonly source: string,
    public readonly line: number,
    problem: string,
  ) {
    super(`${source}:${line}: ${problem}`);
    this.name = "YamlSubsetError";
  }
}

interface Line {
  /** 1-based line number in the file. */
  no: number;
  indent: number;
  /** Text after the indentation, trailing whitespace removed. */
  text: string;
}

const UNSUPPORTED_HINT =
  "write it in plain block style (this reader supports block maps and lists, quoted and plain scalars, | and > blocks, and one-line [..] / {..})";

/** Parses `text` into a tree; throws YamlSubsetError naming `source` and the line on anything outside the subset. */
export function parseBlockYaml(text: string, source = "<yaml>"): YNode {
  return new Reader(text, source).document();
}

class Reader {
  private readonly lines: Line[];
  private pos = 0;

  constructor(
    text: string,
    private readonly source: string,
  ) {
    const raw = text.replace(/^\uFEFF/, "").split(/\r?\n/);
    this.lines = raw.map((t, i) => {
      const m = /^( *)(.*?)\s*$/.exec(t)!;
      if (/^ *\t/.test(t)) throw this.fail(i + 1, "indents with a tab; YAML indentation is spaces only");
      return { no: i + 1, indent: m[1].length, text: m[2] };
    });
  }

  private fail(line: number, problem: string): YamlSubsetError {
    return new YamlSubsetError(this.source, line, problem);
  }

  /** A line that holds nothing (blank or only a comment) outside block scalars. */
  private static isSkippable(l: Line): boolean {
    return l.text === "" || l.text.startsWith("#");
  }

  private skipEmpty(): void {
    while (this.pos < this.lines.length && Reader.isSkippable(this.lines[this.pos])) this.pos++;
  }

  private peek(): Line | undefined {
    this.skipEmpty();
    return this.lines[this.pos];
  }

  document(): YNode {
    const first = this.peek();
    if (first && first.text === "---") this.pos++;
    const start = this.peek();
    if (!start) return { kind: "scalar", value: "", isNull: true, line: 1 };
    const node = this.block(start.indent);
    const rest = this.peek();
    if (rest) {
      if (rest.text === "---" || rest.text === "...")
        throw this.fail(rest.no, `starts a second YAML document; ${UNSUPPORTED_HINT}`);
      throw this.fail(
        rest.no,
        `is indented by ${rest.indent}, which does not fit the structure above (expected ${start.indent} or more)`,
      );
    }
    return node;
  }

  /** A map or a list whose lines start at exactly `indent`. */
  private block(indent: number): YNode {
    const l = this.peek()!;
    if (l.text === "-" || l.text.startsWith("- ")) return this.sequence(indent);
    if (/^[[{]/.test(l.text)) {
      this.pos++;
      return this.inlineValue(l.text, l.no, indent);
    }
    return this.mapping(indent);
  }

  private sequence(indent: number): YSeq {
    const seq: YSeq = { kind: "seq", items: [], line: this.peek()!.no };
    for (
      let l = this.peek();
      l && l.indent === indent && (l.text === "-" || l.text.startsWith("- "));
      l = this.peek()
    ) {
      if (l.text === "-") {
        this.pos++;
        const next = this.peek();
        seq.items.push(next && next.indent > indent ? this.block(next.indent) : nullAt(l.no));
        continue;
      }
      const rest = l.text.slice(1).replace(/^ +/, "");
      const column = indent + (l.text.length - rest.length);
      this.checkSupported(l.no, rest);
      if (rest.startsWith("- ") || rest === "-" || splitKey(rest) !== undefined) {
        // "- key: v" or "- - x": the item is a block whose first line starts at the item's column.
        this.lines[this.pos] = { no: l.no, indent: column, text: rest };
        seq.items.push(this.block(column));
      } else {
        this.pos++;
        seq.items.push(this.inlineValue(rest, l.no, indent));
      }
    }
    return seq;
  }

  private mapping(indent: number): YMap {
    const map: YMap = { kind: "map", entries: [], line: this.peek()!.no };
    const seen = new Set<string>();
    for (let l = this.peek(); l && l.indent === indent; l = this.peek()) {
      if (l.text === "-" || l.text.startsWith("- ")) break;
      if (l.text === "---" || l.text === "...")
        throw this.fail(l.no, `starts a second YAML document; ${UNSUPPORTED_HINT}`);
      this.checkSupported(l.no, l.text);
      const split = splitKey(l.text);
      if (!split) throw this.fail(l.no, `"${l.text}" is not a "key: value" line`);
      const [key, rest] = split;
      if (key.startsWith("? ")) throw this.fail(l.no, `uses a "? " complex key; ${UNSUPPORTED_HINT}`);
      if (key === "<<") throw this.fail(l.no, `uses a "<<" merge key; ${UNSUPPORTED_HINT}`);
      if (seen.has(key)) throw this.fail(l.no, `repeats the key "${key}"`);
      seen.add(key);
      this.pos++;
      map.entries.push({ key, line: l.no, value: this.valueAfterKey(rest, l.no, indent) });
    }
    return map;
  }

  /** The value of `key: rest` at `indent`: inline, a block scalar, or the block on the following lines. */
  private valueAfterKey(rest: string, lineNo: number, indent: number): YNode {
    if (rest === "") {
      const next = this.peek();
      if (next && next.indent > indent) return this.block(next.indent);
      // A list may sit at the key's own indentation ("steps:\n- run: x").
      if (next && next.indent === indent && (next.text === "-" || next.text.startsWith("- ")))
        return this.sequence(indent);
      return nullAt(lineNo);
    }
    return this.inlineValue(rest, lineNo, indent);
  }

  private inlineValue(rest: string, lineNo: number, indent: number): YNode {
    if (/^[|>]/.test(rest)) return this.blockScalar(rest, lineNo, indent);
    if (rest.startsWith("[") || rest.startsWith("{")) {
      const text = stripFlowComment(rest);
      try {
        const flow = new FlowParser(text, lineNo);
        const node = flow.value();
        flow.end();
        return node;
      } catch (e) {
        if (e instanceof FlowError) throw this.fail(lineNo, `${e.message} in "${text}"; ${UNSUPPORTED_HINT}`);
        throw e;
      }
    }
    if (rest.startsWith('"') || rest.startsWith("'")) return this.quoted(rest, lineNo, indent);
    // A plain scalar may continue on more-indented lines; they fold into one line.
    let value = stripComment(rest);
    const endsInComment = value !== rest.trim();
    for (
      let l = this.peekRaw();
      !endsInComment && l && l.indent > indent && !Reader.isSkippable(l);
      l = this.peekRaw()
    ) {
      // A plain scalar cannot go on with "key: value": that line is a mis-indented entry.
      if (/: |:$/.test(l.text))
        throw this.fail(
          l.no,
          `is indented by ${l.indent} under a value, which does not fit the structure above`,
        );
      value += " " + stripComment(l.text);
      this.pos++;
    }
    return { kind: "scalar", value, isNull: value === "~" || value === "null", line: lineNo };
  }

  private peekRaw(): Line | undefined {
    return this.lines[this.pos];
  }

  private quoted(rest: string, lineNo: number, indent: number): YScalar {
    const quote = rest[0];
    let text = rest;
    for (;;) {
      const end = closingQuote(text, quote);
      if (end >= 0) {
        const after = text.slice(end + 1).trim();
        if (after !== "" && !after.startsWith("#"))
          throw this.fail(lineNo, `has text after the closing quote: "${after}"`);
        return { kind: "scalar", value: unquote(text.slice(0, end + 1)), isNull: false, line: lineNo };
      }
      const next = this.peekRaw();
      if (!next || (next.indent <= indent && next.text !== ""))
        throw this.fail(lineNo, `opens a ${quote} string that is never closed`);
      text += " " + next.text;
      this.pos++;
    }
  }

  private blockScalar(header: string, lineNo: number, indent: number): YScalar {
    const m = /^([|>])([1-9]?)([+-]?)([1-9]?)\s*(#.*)?$/.exec(header);
    if (!m) throw this.fail(lineNo, `has a block scalar header "${header}" this reader does not understand`);
    const out: string[] = [];
    let contentIndent = -1;
    while (this.pos < this.lines.length) {
      const l = this.lines[this.pos];
      if (l.text === "") {
        out.push("");
        this.pos++;
        continue;
      }
      if (l.indent <= indent) break;
      if (contentIndent < 0) contentIndent = l.indent;
      if (l.indent < contentIndent) break;
      out.push(" ".repeat(l.indent - contentIndent) + l.text);
      this.pos++;
    }
    // Trailing blank lines belong to the scalar only with the "+" indicator.
    if (m[3] !== "+") while (out.length > 0 && out[out.length - 1] === "") out.pop();
    const joined = m[1] === "|" ? out.join("\n") : out.join(" ");
    return { kind: "scalar", value: m[3] === "-" ? joined : joined + "\n", isNull: false, line: lineNo };
  }

  private checkSupported(lineNo: number, text: string): void {
    const split = splitKey(text);
    const value = split ? split[1] : text;
    if (/^[&*!]/.test(value) || (split && /^[&*!]/.test(split[0]))) {
      throw this.fail(lineNo, `uses an anchor, alias or tag ("${value || split![0]}"); ${UNSUPPORTED_HINT}`);
    }
  }
}

function nullAt(line: number): YScalar {
  return { kind: "scalar", value: "", isNull: true, line };
}

/** Splits "key: rest" (or "key:") at the first ": " outside a quoted key; undefined when the line is no map entry. */
export function splitKey(text: string): [string, string] | undefined {
  let key: string;
  let after: string;
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = closingQuote(text, text[0]);
    if (end < 0) return undefined;
    const m = /^\s*:(?: +(.*)|)$/.exec(text.slice(end + 1));
    if (!m) return undefined;
    key = unquote(text.slice(0, end + 1));
    after = m[1] ?? "";
  } else {
    if (/^[[{#]/.test(text)) return undefined;
    // A plain key ends at the first ": " (or a final ":"), so "pocket-id-appwrite:platform: x" splits after "platform".
    const sep = text.search(/:( |$)/);
    if (sep < 0) return undefined;
    key = text.slice(0, sep).trim();
    after = text.slice(sep + 1).trim();
  }
  return [key, after.startsWith("#") ? "" : after.trim()];
}

/** A plain scalar ends at " #" (a comment); quotes are not special in plain scalars. */
function stripComment(text: string): string {
  const i = text.search(/(^|\s)#/);
  return (i < 0 ? text : text.slice(0, i)).trim();
}

/** Like stripComment, but a "#" inside a quoted flow item is text. */
function stripFlowComment(text: string): string {
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (quote === '"' && c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) return text.slice(0, i).trim();
  }
  return text.trim();
}

/** Index of the quote that closes `text` (which starts with `quote`), or -1. */
function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (quote === '"' && text[i] === "\\") {
      i++;
      continue;
    }
    if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  '"': '"',
  "\\": "\\",
  "/": "/",
  "0": "\0",
  " ": " ",
};

function unquote(text: string): string {
  const body = text.slice(1, -1);
  if (text[0] === "'") return body.replace(/''/g, "'");
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) =>
    e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
  );
}

class FlowError extends Error {}

/** One-line flow collections: [a, "b"], {k: v, k2: [x]}, {}, []. */
class FlowParser {
  private i = 0;

  constructor(
    private readonly s: string,
    private readonly line: number,
  ) {}

  end(): void {
    this.ws();
    if (this.i < this.s.length)
      throw new FlowError(`has "${this.s.slice(this.i)}" after the closing bracket`);
  }

  private ws(): void {
    while (this.s[this.i] === " ") this.i++;
  }

  value(): YNode {
    this.ws();
    const c = this.s[this.i];
    if (c === "[") return this.seq();
    if (c === "{") return this.map();
    return this.scalar();
  }

  private seq(): YSeq {
    this.i++;
    const seq: YSeq = { kind: "seq", items: [], line: this.line };
    this.ws();
    if (this.s[this.i] === "]") {
      this.i++;
      return seq;
    }
    for (;;) {
      seq.items.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === "]") return seq;
      if (c !== ",")
        throw new FlowError(
          c === undefined ? "has a [ list that is not closed on this line" : `expected "," or "]" at "${c}"`,
        );
      this.ws();
      if (this.s[this.i] === "]") {
        this.i++;
        return seq;
      }
    }
  }

  private map(): YMap {
    this.i++;
    const map: YMap = { kind: "map", entries: [], line: this.line };
    this.ws();
    if (this.s[this.i] === "}") {
      this.i++;
      return map;
    }
    for (;;) {
      this.ws();
      const key = this.scalar();
      this.ws();
      let value: YNode = nullAt(this.line);
      if (this.s[this.i] === ":") {
        this.i++;
        value = this.value();
      }
      map.entries.push({ key: key.value, line: this.line, value });
      this.ws();
      const c = this.s[this.i++];
      if (c === "}") return map;
      if (c !== ",")
        throw new FlowError(
          c === undefined ? "has a { map that is not closed on this line" : `expected "," or "}" at "${c}"`,
        );
      this.ws();
      if (this.s[this.i] === "}") {
        this.i++;
        return map;
      }
    }
  }

  private scalar(): YScalar {
    const c = this.s[this.i];
    if (c === '"' || c === "'") {
      const end = closingQuote(this.s.slice(this.i), c);
      if (end < 0) throw new FlowError(`has a ${c} string that is not closed on this line`);
      const text = this.s.slice(this.i, this.i + end + 1);
      this.i += end + 1;
      return { kind: "scalar", value: unquote(text), isNull: false, line: this.line };
    }
    if (c === "&" || c === "*" || c === "!") throw new FlowError("uses an anchor, alias or tag");
    const start = this.i;
    while (this.i < this.s.length) {
      const ch = this.s[this.i];
      if (ch === "," || ch === "]" || ch === "}" || ch === "[" || ch === "{") break;
      // ": " (or ":" before a delimiter) ends a key; "a:b" stays one scalar.
      if (ch === ":" && /[\s,\]}]/.test(this.s[this.i + 1] ?? " ")) break;
      this.i++;
    }
    const value = this.s.slice(start, this.i).trim();
    return {
      kind: "scalar",
      value,
      isNull: value === "" || value === "~" || value === "null",
      line: this.line,
    };
  }
}

// ---------- navigation helpers ----------

/** The entry `key` of a map node, if any. */
export function getEntry(node: YNode | undefined, key: string): YEntry | undefined {
  return node?.kind === "map" ? node.entries.find((e) => e.key === key) : undefined;
}

/** The value at `key` of a map node, if any. */
export function get(node: YNode | undefined, key: string): YNode | undefined {
  return getEntry(node, key)?.value;
}

/** A scalar's text, or undefined for maps, lists and missing nodes. */
export function scalarText(node: YNode | undefined): string | undefined {
  return node?.kind === "scalar" && !node.isNull ? node.value : undefined;
}

/** Every scalar below `node`, keys included (keys are where `${{ }}` can hide in `env:`). */
export function* allScalars(node: YNode | undefined): Generator<{ text: string; line: number }> {
  if (!node) return;
  if (node.kind === "scalar") {
    if (!node.isNull) yield { text: node.value, line: node.line };
    return;
  }
  if (node.kind === "seq") {
    for (const item of node.items) yield* allScalars(item);
    return;
  }
  for (const e of node.entries) {
    yield { text: e.key, line: e.line };
    yield* allScalars(e.value);
  }
}

/** The plain JSON value of a node: scalars as strings, null for YAML null. */
export function toJson(node: YNode): unknown {
  if (node.kind === "scalar") return node.isNull ? null : node.value;
  if (node.kind === "seq") return node.items.map(toJson);
  return Object.fromEntries(node.entries.map((e) => [e.key, toJson(e.value)]));
}
