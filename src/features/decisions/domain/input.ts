/** What owners and others said on a decision: agreements, objections and comments. */

export type InputKind = 'agree' | 'object' | 'comment';

export interface DecisionInput {
  id: number;
  userId: string;
  kind: InputKind;
  text: string;
  createdAt: number;
}

export interface InputSummary {
  /** Whose latest stance is agreement, in the order they agreed. */
  agreed: string[];
  /** Whose latest stance is an objection, with its reason. */
  objections: DecisionInput[];
  comments: DecisionInput[];
}

/**
 * Where everyone stands: a person's latest Agree or Object counts (objecting after agreeing
 * withdraws the agreement); every comment is kept.
 */
export function summarizeInput(inputs: readonly DecisionInput[]): InputSummary {
  const stance = new Map<string, DecisionInput>();
  const comments: DecisionInput[] = [];
  for (const input of [...inputs].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)) {
    if (input.kind === 'comment') comments.push(input);
    else {
      stance.delete(input.userId);
      stance.set(input.userId, input);
    }
  }
  const stances = [...stance.values()];
  return {
    agreed: stances.filter((s) => s.kind === 'agree').map((s) => s.userId),
    objections: stances.filter((s) => s.kind === 'object'),
    comments,
  };
}
