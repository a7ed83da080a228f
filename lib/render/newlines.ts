// Line breaks of untrusted text as the page shows them. The HTML parser turns every CR and CRLF
// in a document into LF before React hydrates it, so a text node rendered with a CR on the server
// no longer equals the same string on the client: an answer with a bare CR made React report a
// hydration error on its permalink (issue 15, item 10) and re-render the page on the client. Text
// is therefore displayed with LF line breaks only, in every view; the stored text, the JSON and CSV
// exports keep the original characters.
export function displayText(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}
