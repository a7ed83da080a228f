// ControlSelect (components/ui/ControlSelect.tsx): the one labelled <select> of the view controls.
// The e2e tests find these selects by data-testid, name and accessible name (the caption), so the
// markup is pinned here: a <label> holding the caption and then the select, the shared classes with
// the caller's added, and every select attribute passed through.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import ControlSelect, { QuestionSetOptions } from "@/components/ui/ControlSelect";
import { controlInputClass, controlLabelClass, controlLabelTextClass } from "@/components/ui/control-classes";

const render = (props: Parameters<typeof ControlSelect>[0]) => renderToStaticMarkup(createElement(ControlSelect, props));

const options = [createElement("option", { key: "", value: "" }, "any"), createElement("option", { key: "x", value: "x" }, "x")];

describe("ControlSelect", () => {
  it("is a label holding the caption and then the select, with the shared classes", () => {
    const html = render({ label: "Question set", name: "set", defaultValue: "x", "data-testid": "set-select", children: options });
    expect(html).toBe(
      `<label class="${controlLabelClass}"><span class="${controlLabelTextClass}">Question set</span>` +
        `<select name="set" data-testid="set-select" class="${controlInputClass}">` +
        `<option value="">any</option><option value="x" selected="">x</option></select></label>`,
    );
  });

  it("adds the caller's classes to the select's and the label's", () => {
    const html = render({ label: "Question", name: "question", className: "font-mono", labelClassName: "min-w-0", children: options });
    expect(html).toContain(`<label class="${controlLabelClass} min-w-0">`);
    expect(html).toContain(`class="${controlInputClass} font-mono"`);
  });

  it("passes a controlled value and the other select attributes through", () => {
    const html = render({ label: "Method", name: "preset", value: "x", title: "the source", onChange: () => {}, children: options });
    expect(html).toContain(`<select name="preset" title="the source" class="${controlInputClass}">`);
    expect(html).toContain(`<option value="x" selected="">x</option>`);
  });

  it("lists question sets by name, demo or not, with their size", () => {
    const sets = [
      { name: "first_plot_questions", isDemo: false, questions: 24, answers: 31200 },
      { name: "first_plot_questions_demo", isDemo: true, questions: 8, answers: 1 },
    ];
    const html = renderToStaticMarkup(createElement(QuestionSetOptions, { sets }));
    expect(html.replaceAll("<!-- -->", "")).toBe(
      `<option value="first_plot_questions">first_plot_questions — 24 questions, 31,200 answers</option>` +
        `<option value="first_plot_questions_demo">first_plot_questions_demo (demo) — 8 questions, 1 answers</option>`,
    );
  });
});
