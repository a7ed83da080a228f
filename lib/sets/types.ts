// Question sets as the set selector and the Figure-4 x axis see them (lib/queries/sets.ts).

export interface QuestionSetSummary {
  id: number;
  name: string;
  description: string | null;
  isDemo: boolean;
  questions: number;
  answers: number;
}

export interface SetQuestion {
  id: number;
  externalId: string;
  position: number;
}
