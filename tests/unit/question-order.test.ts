import { describe, expect, it } from "vitest";
import { orderQuestions } from "@/lib/domain/questions";
import { questionsListHref, questionsListParamsSchema } from "@/lib/params/questions";

const q = (externalId: string, position: number, answers: number, insecure: number | null) => ({
  externalId,
  position,
  answers,
  rates: insecure === undefined ? [] : [{ group: "insecure", rate: insecure }],
});
const questions = [q("b", 0, 10, 0.2), q("a", 1, 30, null), q("c", 2, 20, 0.5), q("d", 3, 20, 0.2)];
const ids = (list: { externalId: string }[]) => list.map((x) => x.externalId);

describe("orderQuestions", () => {
  it("keeps file order by default and sorts by id or answers (ties in file order)", () => {
    expect(ids(orderQuestions(questions, { sort: "position", dir: "asc" }))).toEqual(["b", "a", "c", "d"]);
    expect(ids(orderQuestions(questions, { sort: "question", dir: "asc" }))).toEqual(["a", "b", "c", "d"]);
    expect(ids(orderQuestions(questions, { sort: "answers", dir: "desc" }))).toEqual(["a", "c", "d", "b"]);
  });

  it("sorts by a group's rate with the questions without one last, either way", () => {
    expect(ids(orderQuestions(questions, { sort: "rate", dir: "desc", group: "insecure" }))).toEqual(["c", "b", "d", "a"]);
    expect(ids(orderQuestions(questions, { sort: "rate", dir: "asc", group: "insecure" }))).toEqual(["b", "d", "c", "a"]);
    // a group no question has: file order
    expect(ids(orderQuestions(questions, { sort: "rate", dir: "desc", group: "secure" }))).toEqual(["b", "a", "c", "d"]);
  });
});

describe("the questions list URL", () => {
  it("writes only what differs from the defaults, and reads it back", () => {
    expect(questionsListHref({}, undefined, { sort: "position", dir: "asc" })).toBe("/questions");
    expect(questionsListHref({ base: "Qwen" }, "set-x", { sort: "rate", dir: "desc", group: "insecure" })).toBe(
      "/questions?base=Qwen&sort=rate&group=insecure#set-x",
    );
    expect(questionsListHref({}, undefined, { sort: "answers", dir: "asc" })).toBe("/questions?sort=answers&dir=asc");
    const parsed = questionsListParamsSchema.parse({ sort: "rate", group: "insecure" });
    expect(parsed).toMatchObject({ sort: "rate", group: "insecure" });
    expect(questionsListParamsSchema.safeParse({ sort: "size" }).success).toBe(false);
  });
});
