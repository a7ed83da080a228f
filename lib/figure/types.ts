// What the Figure-4 page shows for one URL (lib/queries/figure-view.ts loads it); browser-safe.
import type { OverallSection } from "@/lib/figure/layout";
import type { FigureLayout } from "@/lib/params/figure";
import type { FigureQuestion, GroupQuestionRate, RateGroup } from "@/lib/rates/types";

export interface FigureData {
  questions: FigureQuestion[];
  /** every group with answers in the set, in display order */
  allGroups: RateGroup[];
  /** the groups shown, in legend order */
  groups: RateGroup[];
  /** names in the `groups` param that have no answers in this set */
  unknownGroups: string[];
  /** rates of the shown groups, questions in set order */
  rates: GroupQuestionRate[];
  overall: OverallSection[];
  layout: FigureLayout;
  hasVariants: boolean;
  hasCategories: boolean;
  /**
   * with a non-default score source: each shown point's rate under the default source (the
   * question file's judge, uncorrected), by pointKey(group, question), to show the shift
   */
  baseline?: Record<string, number | null>;
  /** the same for the overall rates, by overallPointKey(by, part, group) */
  overallBaseline?: Record<string, number | null>;
}
