// Everything the Figure-4 page shows for one URL, loaded with the typed queries of lib/queries.
import "server-only";
import { cachedPerDataVersion } from "@/lib/cache/data-version";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { effectiveLayout, setCategories, setVariants, UNCATEGORISED, VARIANT_ORDER } from "@/lib/figure/layout";
import type { FigureLayout } from "@/lib/params/figure";
import { getGroupOverallRates, getGroupQuestionRates, listFigureQuestions } from "@/lib/queries/rates";
import { applyGroupChoice, groupsOfRates, partBlock, questionBlock } from "@/lib/rates/groups";
import type { OverallBy, QuestionVariant } from "@/lib/rates/types";
import type { BaseScope } from "@/lib/scope/types";
import type { RateMethod } from "@/lib/stats/method";
import type { FigureData } from "@/lib/figure/types";
import { isDefaultSource, overallPointKey, pointKey } from "@/lib/domain/score-source";

export const loadFigureData = cachedPerDataVersion(
  "loadFigureData",
  async function loadFigureData(
    prisma: PrismaClient,
    {
      set,
      method,
      scope,
      groups: chosen,
      layout,
    }: { set: string; method: RateMethod; scope: BaseScope; groups?: string[]; layout: FigureLayout },
  ): Promise<FigureData> {
    // The questions decide which overall pools exist; then every rate query runs at once.
    const questions = await listFigureQuestions(prisma, set);
    const hasVariants = setVariants(questions).length > 1;
    const hasCategories = setCategories(questions).length > 0;
    const pools: OverallBy[] = ["set", ...(hasVariants ? (["variant"] as const) : []), ...(hasCategories ? (["category"] as const) : [])];
    // Parts in the figure's order: variants plain, JSON, template; categories as in the file.
    const categories = setCategories(questions);
    const partRank = (by: OverallBy, part: string | null) =>
      by === "variant" ? VARIANT_ORDER.indexOf(part as QuestionVariant) : by === "category" ? categories.indexOf(part ?? UNCATEGORISED) : 0;
    // a non-default source: the default source's rates too, shown beside each point's (the shift)
    const { source, ...defaultMethod } = method;
    const withBaseline = !isDefaultSource(source);
    const [allRates, overallRows, baselineRates, baselineOverallRows] = await Promise.all([
      getGroupQuestionRates(prisma, { set, method, scope }),
      Promise.all(pools.map((by) => getGroupOverallRates(prisma, { set, method, scope, by }))),
      withBaseline ? getGroupQuestionRates(prisma, { set, method: defaultMethod, scope }) : null,
      withBaseline ? Promise.all(pools.map((by) => getGroupOverallRates(prisma, { set, method: defaultMethod, scope, by }))) : null,
    ]);
    const allGroups = groupsOfRates(allRates);
    const byName = new Map(allGroups.map((group) => [group.name, group]));
    const groups = chosen ? chosen.flatMap((name) => byName.get(name) ?? []) : allGroups;
    const unknownGroups = chosen ? chosen.filter((name) => !byName.has(name)) : [];
    const overall = pools.map((by, index) => {
      const rows = overallRows[index].sort((a, b) => partRank(by, a.part) - partRank(by, b.part));
      return { by, rows: applyGroupChoice(rows, chosen, partBlock) };
    });
    return {
      questions,
      allGroups,
      groups,
      unknownGroups,
      rates: applyGroupChoice(allRates, chosen, questionBlock),
      overall,
      layout: effectiveLayout(layout, questions),
      hasVariants,
      hasCategories,
      ...(baselineRates ? { baseline: Object.fromEntries(baselineRates.map((row) => [pointKey(row.group, row.question), row.rate])) } : {}),
      ...(baselineOverallRows
        ? {
            overallBaseline: Object.fromEntries(
              pools.flatMap((by, index) => baselineOverallRows[index].map((row) => [overallPointKey(by, row.part, row.group), row.rate])),
            ),
          }
        : {}),
    };
  },
);
