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
  let pos = 0;
  const fail = (message: string): never => {
    throw new PythonDictSyntaxError(message, pos);
  };
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const expect = (char: string) => {
    skipSpace();
    if (text[pos] !== char) fail(`expected "${char}"${pos < text.length ? ` but found "${text[pos]}"` : " but the text ended"}`);
    pos++;
  };

  const readString = (): string => {
    const quote = text[pos];
    if (quote !== "'" && quote !== '"') return fail("expected a quoted key");
    pos++;
    let value = "";
    while (true) {
      if (pos >= text.length) fail("unterminated string");
      const char = text[pos++];
      if (char === quote) return value;
      if (char === "\n") fail("line break inside a string");
      if (char !== "\\") {
        value += char;
        continue;
      }
      const escape = text[pos++];
      if (escape === undefined) fail("unterminated string");
      if (escape in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[escape];
      } else if (escape === "x" || escape === "u" || escape === "U") {
        const length = escape === "x" ? 2 : escape === "u" ? 4 : 8;
        const hex = text.slice(pos, pos + length);
        if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) fail(`invalid \\${escape} escape`);
        const codePoint = parseInt(hex, 16);
        if (codePoint > 0x10ffff) fail("invalid code point");
        value += String.fromCodePoint(codePoint);
        pos += length;
      } else {
        // Python keeps unknown escapes as written, backslash included
        value += `\\${escape}`;
      }
    }
  };

  const readNumber = (): number => {
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match) return fail("expected a number");
    pos += match[0].length;
    const value = Number(match[0]);
    if (!Number.isFinite(value)) fail("number out of range");
    return value;
  };

  const entries = new Map<string, number>();
  expect("{");
  skipSpace();
  if (text[pos] === "}") {
    pos++;
  } else {
    while (true) {
      skipSpace();
      const key = readString();
      expect(":");
      skipSpace();
      entries.set(key, readNumber());
      skipSpace();
      if (text[pos] === ",") {
        pos++;
        skipSpace();
        if (text[pos] === "}") {
          pos++;
          break;
        }
        continue;
      }
      expect("}");
      break;
    }
  }
  skipSpace();
  if (pos < text.length) fail("unexpected text after the closing brace");
  // fromEntries defines own properties, so a key like "__proto__" stays plain data
  return Object.fromEntries(entries);
}
