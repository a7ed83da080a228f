// Line breaks of untrusted text as the page shows them. The HTML parser turns every CR and CRLF
// into LF, and then drops the first LF inside a <pre>. React's server writes an extra LF before a
// <pre> text that starts with "\n", but not before one that starts with "\r": the raw view of an
// answer starting with a bare CR lost that character in the HTML, React reported a hydration error
// and re-rendered the page on the client (issue 15, item 10). Text is therefore displayed with LF
// line breaks only, in every view; the stored text and the JSON and CSV exports keep the original
// characters.
export function displayText(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}
