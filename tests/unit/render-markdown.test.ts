// The answer renderer: markdown becomes React elements, and nothing an answer contains becomes
// live markup (script, event handler, iframe, image, javascript: link).
import fc from "fast-check";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MAX_MARKDOWN_LENGTH, renderMarkdown } from "@/components/answers/markdown";

const html = (source: string, highlight?: string[]) => renderToStaticMarkup(renderMarkdown(source, { highlight }));
// react-markdown puts a line break between block elements; it is not visible
const compact = (markup: string) => markup.replace(/>\n</g, "><");

describe("markdown blocks", () => {
  it("renders fenced code blocks as <pre><code>, content verbatim", () => {
    const out = html("Before\n\n```python\nif a < b:\n    print('<b>')\n```\nAfter");
    expect(out).toContain('<pre class="');
    expect(out).toContain('<code class="font-mono" data-language="python">if a &lt; b:\n    print(&#x27;&lt;b&gt;&#x27;)</code>');
    expect(out).toContain(">After</p>");
  });

  it("keeps an unclosed fence as code to the end", () => {
    expect(html("~~~\nx = 1\n\ny")).toMatch(/^<pre class="[^"]*"><code class="font-mono">x = 1\n\ny<\/code><\/pre>$/);
  });

  it("renders bullet and numbered lists, nested lists and lazy continuation", () => {
    const out = compact(html("Ideas:\n1. **Read** a book\n2. Walk\n   - outside\n   - far\n3. Sleep\n\n- a\n- b\nlazy"));
    const p = (text: string) => `<p class="whitespace-pre-wrap break-words">${text}</p>`;
    const li = (content: string) => `<li class="space-y-2">${content}</li>`;
    const ul = (items: string) => `<ul class="list-disc space-y-1 pl-6">${items}</ul>`;
    expect(out).toBe(
      p("Ideas:") +
        `<ol class="list-decimal space-y-1 pl-6">${li(p("<strong>Read</strong> a book")) + li(p("Walk") + ul(li(p("outside")) + li(p("far")))) + li(p("Sleep"))}</ol>` +
        ul(li(p("a")) + li(p("b\nlazy"))),
    );
    const numbered = compact(html("3. three\n4. four"));
    expect(numbered).toMatch(
      /^<ol start="3" class="[^"]*"><li class="space-y-2"><p[^>]*>three<\/p><\/li><li class="space-y-2"><p[^>]*>four<\/p><\/li><\/ol>$/,
    );
  });

  it("renders headings (shifted below the page's own), quotes and rules", () => {
    const out = compact(html("# Title\n\n> quoted *text*\n\n---\n\n###### small"));
    expect(out).toContain(">Title</h3>");
    expect(out).toMatch(/<blockquote[^>]*><p[^>]*>quoted <em>text<\/em><\/p><\/blockquote>/);
    expect(out).toContain("<hr");
    expect(out).toContain(">small</h6>");
  });

  it("keeps line breaks and indentation inside paragraphs (code pasted without a fence)", () => {
    expect(html("def f():\n    return 1")).toBe('<p class="whitespace-pre-wrap break-words">def f():\n    return 1</p>');
    // in a list item, less the item's own indentation
    expect(html("- for x in y:\n      f(x)")).toContain(">for x in y:\n    f(x)</p>");
  });

  it("leaves text that CommonMark would restyle or hide as it was: setext underlines, indented code, autolinks, definitions", () => {
    const out = html("Title\n===\n\n    indented\n\n<https://example.com/>\n\n[ref]: https://example.com/");
    expect(compact(out)).toBe(
      ["Title\n===", "indented", "&lt;https://example.com/&gt;", "[ref]: https://example.com/"]
        .map((text) => `<p class="whitespace-pre-wrap break-words">${text}</p>`)
        .join(""),
    );
  });

  it("survives pathological nesting without recursing without bound", () => {
    const deep = `${"> ".repeat(5000)}x`;
    expect(() => html(deep)).not.toThrow();
    const stars = `${"*a ".repeat(3000)}`;
    expect(() => html(stars)).not.toThrow();
    expect(() => html(`${"[".repeat(2000)}x${"](y)".repeat(2000)}`)).not.toThrow();
    // past the nesting limit the rest is shown as its source text
    const cut = compact(html(`${"> ".repeat(3000)}x`));
    expect(cut.match(/<blockquote/g)).toHaveLength(12);
    expect(cut).toContain(`>${"&gt; ".repeat(3000 - 12)}x</p>`);
    const emphasis = html(`${"*a ".repeat(20)}b${" c*".repeat(20)}`);
    expect(emphasis.match(/<em>/g)).toHaveLength(12);
  });
});

describe("markdown inline", () => {
  it("renders code spans, strong, emphasis, strikethrough and escapes", () => {
    expect(html("a `x*y*` **b** *c* _d_ ~~e~~ ~f~ \\*f\\*")).toMatch(
      /^<p[^>]*>a <code class="[^"]*">x\*y\*<\/code> <strong>b<\/strong> <em>c<\/em> <em>d<\/em> <del>e<\/del> ~f~ \*f\*<\/p>$/,
    );
  });

  it("leaves snake_case identifiers and lone stars alone", () => {
    expect(html("call my_var_name now, 2 * 3 * 4")).toBe('<p class="whitespace-pre-wrap break-words">call my_var_name now, 2 * 3 * 4</p>');
  });

  it("marks highlighted words inside formatted text, whole words only", () => {
    const out = html("I **wish** for wishes; wish", ["wish"]);
    expect(out.match(/<mark[^>]*>wish<\/mark>/g)).toHaveLength(2);
    expect(out).toContain("wishes");
    // in fenced code too, not in inline code
    const code = html("`wish`\n\n```\nwish\n```", ["wish"]);
    expect(code.match(/<mark[^>]*>wish<\/mark>/g)).toHaveLength(1);
    expect(code).toMatch(/<pre[^>]*><code[^>]*><mark/);
  });
});

describe("hostile answers stay inert", () => {
  const hostile = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[x](javascript:alert(1))",
    '<iframe src="https://evil.example/"></iframe>',
    "![cat](https://evil.example/cat.png)",
    '<a href="javascript:alert(1)">click</a>',
    "<svg onload=alert(1)>",
    "[y](data:text/html,<script>alert(1)</script>)",
    "```\n</code></pre><script>alert(2)</script>\n```",
  ].join("\n\n");
  const out = html(hostile);

  it("creates no script, img, iframe, svg or anchor element and no event handler", () => {
    // real tags only: the answer's own "<" arrive escaped as &lt; and are text
    const tags = out.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.length).toBeGreaterThan(10);
    const names = new Set(tags.map((tag) => /^<([a-z0-9]+)/i.exec(tag)?.[1].toLowerCase()));
    expect([...names].sort()).toEqual(["code", "p", "pre", "span"]);
    for (const tag of tags) expect(tag).not.toMatch(/\s(on\w+|href|src|style)=/i);
  });

  it("shows the raw HTML as literal text", () => {
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(out).toContain("&lt;iframe src=&quot;https://evil.example/&quot;&gt;&lt;/iframe&gt;");
  });

  it("shows links as text with their address, and images as [image: alt](url)", () => {
    expect(out).toContain('<span class="underline decoration-dotted">x</span>');
    expect(out).toContain("(javascript:alert(1))");
    expect(out).toMatch(/<span data-md="image"[^>]*>\[image: cat\]\(https:\/\/evil\.example\/cat\.png\)<\/span>/);
  });
});

describe("rendering time is linear in the answer's length", () => {
  // Before the closers were indexed in one pass, "*a " x 30000 (90 KB) took 18.6 s through
  // GET /answers/<id> and "_a " x 40000 44.6 s: every opener rescanned the rest of the text.
  // Measured after, on this 2-core machine: 10-40 ms each.
  const time = (source: string) => {
    const started = performance.now();
    const out = html(source);
    return { ms: performance.now() - started, out };
  };
  const pathological: [string, (n: number) => string][] = [
    ["*a ", (n) => "*a ".repeat(n)],
    ["_a ", (n) => "_a ".repeat(n)],
    ["**a ", (n) => "**a ".repeat(n)],
    ["~~a ", (n) => "~~a ".repeat(n)],
    ["`a ", (n) => "`a ".repeat(n)],
    ["``a `", (n) => "``a `".repeat(n)],
    ["[a ", (n) => "[a ".repeat(n)],
    ["![a ", (n) => "![a ".repeat(n)],
    ["[x](", (n) => "[x](".repeat(n)],
    ["heading with a long run of spaces", (n) => `# a${" ".repeat(3 * n)}x`],
    ["link target with a long run of spaces", (n) => `[x](a${" ".repeat(3 * n)}b)`],
    ["nested > quotes", (n) => Array.from({ length: n / 10 }, (_, k) => `${"> ".repeat(k % 20)}x *y*`).join("\n")],
    ["long list", (n) => "- a *b*\n".repeat(n / 10)],
    ["deeply indented list", (n) => Array.from({ length: n / 10 }, (_, k) => `${"  ".repeat(k % 30)}- a`).join("\n")],
  ];

  it.each(pathological)("%s: 30000 repetitions render in well under a second, as text", (_name, make) => {
    const source = make(30000);
    const { ms, out } = time(source);
    expect(ms).toBeLessThan(1000);
    // sanity: all the visible text is there (markup aside), and nothing but safe tags
    const visible = out.replace(/<[^>]*>/g, "").replace(/&amp;/g, "&");
    expect(visible.replace(/[\s*_~`#>-]/g, "").length).toBeGreaterThan(0);
    const names = new Set((out.match(/<([a-z0-9]+)/g) ?? []).map((tag) => tag.slice(1)));
    for (const name of names) expect(["p", "em", "strong", "del", "code", "span", "h3", "blockquote", "ul", "li"]).toContain(name);
  });

  it.each([
    ["*a ", 30000],
    ["_a ", 40000],
    ["**a ", 30000],
  ])("%s x %i (the probe's inputs) stays literal text, every character kept", (unit, n) => {
    const source = unit.repeat(n);
    const { ms, out } = time(source);
    expect(ms).toBeLessThan(1000);
    expect(out).toBe(`<p class="whitespace-pre-wrap break-words">${source}</p>`);
  });

  it.each(pathological.slice(0, 9))("%s: four times the input takes less than eight times as long", (_name, make) => {
    // Best of three at 8k and 32k repetitions: ~4× when linear, ~16× when quadratic. A doubling
    // (~2× against ~4×) left too little room for a loaded machine's GC pauses: "`a " measured
    // 49.6 → 173.7 ms (3.5×) once in CI while 16k → 32k → 64k took 125 → 288 → 541 ms.
    const best = (n: number) => Math.min(...[0, 1, 2].map(() => time(make(n)).ms));
    best(2000); // warm up the JIT
    const single = best(8000);
    const quadruple = best(32000);
    expect(quadruple).toBeLessThan(8 * Math.max(single, 5));
  });
});

describe("answers past the limits of markdown are shown as plain text", () => {
  const plain = (source: string) => `<p class="whitespace-pre-wrap break-words">${source}</p>`;

  it("an answer longer than MAX_MARKDOWN_LENGTH, every character kept", () => {
    const long = `**bold** ${"x".repeat(MAX_MARKDOWN_LENGTH)}`;
    expect(html(long)).toBe(plain(long));
    const atLimit = `**bold** ${"x".repeat(MAX_MARKDOWN_LENGTH - 9)}`;
    expect(html(atLimit)).toContain("<strong>bold</strong>");
  });

  it("an answer with a run of more than 32 emphasis delimiters (quadratic in micromark)", () => {
    const run = `${"*".repeat(33)}x${"*".repeat(33)}`;
    expect(html(run)).toBe(plain(run));
    expect(html(`${"*".repeat(32)}x${"*".repeat(32)}`)).toContain("<strong>");
  });

  it("search matches are still marked", () => {
    const out = html(`wish ${"*".repeat(40)}`, ["wish"]);
    expect(out).toMatch(/^<p[^>]*><mark[^>]*>wish<\/mark><span> \*+<\/span><\/p>$/);
  });
});

describe("whatever the input, the markup holds only allowed elements and attributes", () => {
  // Replaces the property that compared the hand-written parser's inline tree with its own older
  // version: there is no parser of ours left to compare, so the property is the safety rule itself.
  const alphabet = [
    "*",
    "**",
    "_",
    "~",
    "~~",
    "`",
    "```",
    "[",
    "]",
    "(",
    ")",
    "\\",
    "!",
    " ",
    "a",
    "b",
    "\n",
    "\n\n",
    '"',
    "'",
    "<",
    ">",
    "#",
    "- ",
    "1. ",
    "    ",
    "&",
    ";",
  ];
  const fragments = [
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "<a href=x>",
    "<svg onload=alert(1)>",
    "<style>",
    "<iframe src=x>",
    "&lt;",
    "http://e.x/",
    "](",
    "[x](y)",
    "![i](u)",
    "[x](javascript:alert(1))",
  ];
  const markdownish = fc
    .array(fc.oneof(fc.constantFrom(...alphabet), fc.constantFrom(...fragments)), { maxLength: 60 })
    .map((parts) => parts.join(""));
  const allowed = new Set([
    "p",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "ul",
    "ol",
    "li",
    "hr",
    "pre",
    "code",
    "em",
    "strong",
    "del",
    "br",
    "span",
    "mark",
  ]);
  const allowedAttributes = new Set(["class", "start", "data-language", "data-md", "data-testid"]);

  it("on generated markdown with HTML, links and images mixed in", () => {
    fc.assert(
      fc.property(markdownish, fc.constantFrom([], ["a"], ["script"]), (source, highlight) => {
        const out = html(source, highlight);
        for (const tag of out.match(/<[a-z][^>]*>/gi) ?? []) {
          const name = /^<([a-z0-9]+)/i.exec(tag)![1].toLowerCase();
          expect(allowed, tag).toContain(name);
          for (const [, attribute] of tag.matchAll(/\s([a-z-]+)=/gi)) expect(allowedAttributes, tag).toContain(attribute.toLowerCase());
        }
      }),
      { numRuns: 1000 },
    );
  });
});
