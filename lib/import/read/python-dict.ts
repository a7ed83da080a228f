// Parser for the judge's token distributions as the paper's results files store them: Python
// dict literals with string keys and numeric values, e.g. {'0': 0.9999, '1': 4.8e-06}.
// A small recursive-descent parser, never eval: the files are untrusted input.

export class PythonDictSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at character ${position + 1}`);
    this.name = "PythonDictSyntaxError";
  }
}

const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
  v: "\v",
  a: "\x07",
  "0": "\0",
};

/**
 * Parses `{'token': probability, ...}` (single- or double-quoted keys, Python escapes, a trailing
 * comma allowed) into a token -> number map. Numbers must be finite. Throws PythonDictSyntaxError.
 */
export function parsePythonDict(text: string): Record<string, number> {
  // a class, not closures: parsed once per distribution cell on the import's hot path
  return new DictParser(text).parse();
}

class DictParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  private fail(message: string): never {
    throw new PythonDictSyntaxError(message, this.pos);
  }

  private skipSpace(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      // ASCII whitespace by code; anything else non-ASCII by the regex (\s: NBSP, U+2028, ...)
      if (code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(text[this.pos]))) this.pos++;
      else break;
    }
  }

  private expect(char: string): void {
    this.skipSpace();
    const text = this.text;
    if (text[this.pos] !== char)
      this.fail(`expected "${char}"${this.pos < text.length ? ` but found "${text[this.pos]}"` : " but the text ended"}`);
    this.pos++;
  }

  private readString(): string {
    const text = this.text;
    const quote = text[this.pos];
    if (quote !== "'" && quote !== '"') return this.fail("expected a quoted key");
    this.pos++;
    // the common key: no escape and no line break before the closing quote
    const close = text.indexOf(quote, this.pos);
    if (close !== -1) {
      const plain = text.slice(this.pos, close);
      if (!plain.includes("\\") && !plain.includes("\n")) {
        this.pos = close + 1;
        return plain;
      }
    }
    let value = "";
    while (true) {
      if (this.pos >= text.length) this.fail("unterminated string");
      const char = text[this.pos++];
      if (char === quote) return value;
      if (char === "\n") this.fail("line break inside a string");
      if (char !== "\\") {
        value += char;
        continue;
      }
      const escape = text[this.pos++];
      if (escape === undefined) this.fail("unterminated string");
      if (escape in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[escape];
      } else if (escape === "x" || escape === "u" || escape === "U") {
        const length = escape === "x" ? 2 : escape === "u" ? 4 : 8;
        const hex = text.slice(this.pos, this.pos + length);
        if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) this.fail(`invalid \\${escape} escape`);
        const codePoint = parseInt(hex, 16);
        if (codePoint > 0x10ffff) this.fail("invalid code point");
        value += String.fromCodePoint(codePoint);
        this.pos += length;
      } else {
        // Python keeps unknown escapes as written, backslash included
        value += `\\${escape}`;
      }
    }
  }

  private readNumber(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) return this.fail("expected a number");
    this.pos += match[0].length;
    const value = Number(match[0]);
    if (!Number.isFinite(value)) this.fail("number out of range");
    return value;
  }

  parse(): Record<string, number> {
    const text = this.text;
    const entries = new Map<string, number>();
    this.expect("{");
    this.skipSpace();
    if (text[this.pos] === "}") {
      this.pos++;
    } else {
      while (true) {
        this.skipSpace();
        const key = this.readString();
        this.expect(":");
        this.skipSpace();
        entries.set(key, this.readNumber());
        this.skipSpace();
        if (text[this.pos] === ",") {
          this.pos++;
          this.skipSpace();
          if (text[this.pos] === "}") {
            this.pos++;
            break;
          }
          continue;
        }
        this.expect("}");
        break;
      }
    }
    this.skipSpace();
    if (this.pos < text.length) this.fail("unexpected text after the closing brace");
    // fromEntries defines own properties, so a key like "__proto__" stays plain data
    return Object.fromEntries(entries);
  }
}
