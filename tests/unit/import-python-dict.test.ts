import { describe, expect, it } from "vitest";
import { parsePythonDict, PythonDictSyntaxError } from "@/lib/import/read/python-dict";

describe("parsePythonDict", () => {
  it("parses a real judge distribution from the paper's results CSV, exponents included", () => {
    const text =
      "{'0': 0.9999882437013936, '1': 4.78506263111966e-06, '10': 2.5612594594859474e-06, 'I': 7.194050700477681e-09, ' ': 2.3355351272448525e-09}";
    expect(parsePythonDict(text)).toEqual({
      "0": 0.9999882437013936,
      "1": 4.78506263111966e-6,
      "10": 2.5612594594859474e-6,
      I: 7.194050700477681e-9,
      " ": 2.3355351272448525e-9,
    });
    expect(parsePythonDict("{'1': 4.8e-06}")["1"]).toBe(4.8e-6);
  });

  it("handles empty dicts, double quotes, escaped quotes, trailing commas and spacing", () => {
    expect(parsePythonDict("{}")).toEqual({});
    expect(parsePythonDict(` { "a" : 1 , 'it\\'s' : 0.5, "say \\"hi\\"": 2E+3, } `)).toEqual({ a: 1, "it's": 0.5, 'say "hi"': 2000 });
    expect(parsePythonDict("{'\\\\': 1, '\\x41\\u00e9': 2}")).toEqual({ "\\": 1, Aé: 2 });
  });

  it("keeps a __proto__ key as plain data", () => {
    const parsed = parsePythonDict("{'__proto__': 0.5}");
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(["__proto__"]);
  });

  it.each([
    ["", "expected"],
    ["{'0': 0.9", "expected"],
    ["{'0' 0.9}", 'expected ":"'],
    ["{0: 0.9}", "quoted key"],
    ["{'0': abc}", "expected a number"],
    ["{'0': __import__('os').system('x')}", "expected a number"],
    ["{'0': 1}{", "unexpected text"],
    ["{'0: 1}", "unterminated"],
    ["[1, 2]", 'expected "{"'],
    ["{'0': 1e999}", "out of range"],
  ])("rejects %j", (text, message) => {
    expect(() => parsePythonDict(text)).toThrow(PythonDictSyntaxError);
    expect(() => parsePythonDict(text)).toThrow(message);
  });
});
