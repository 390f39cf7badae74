import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../core/store/db.js';
import { planQuestions } from './schema.js';

export type PlanQuestion = typeof planQuestions.$inferSelect;

export type PlanQuestionPatch = Partial<
  Pick<PlanQuestion, 'state' | 'answerText' | 'answeredAt' | 'answerLink' | 'documentId'>
>;

/** The how's open questions put to experts, in SQLite. */
export class PlanQuestionRepository {
  constructor(private readonly db: Db) {}

  /**
   * Stores the question put to `expertId`, once: the same words asked again on the same stage
   * (a second click, a retry) return the question already stored, and `created` is false.
   */
  ask(
    input: { stageId: number; text: string; expertId: string; reason: string },
    now: number,
  ): { question: PlanQuestion; created: boolean } {
    const inserted = this.db
      .insert(planQuestions)
      .values({ ...input, state: 'asked', createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning()
      .get();
    if (inserted) return { question: inserted, created: true };
    const existing = this.find(input.stageId, input.text);
    if (!existing) throw new Error(`question on stage ${input.stageId} vanished`);
    return { question: existing, created: false };
  }

  get(id: number): PlanQuestion | undefined {
    return this.db.select().from(planQuestions).where(eq(planQuestions.id, id)).get();
  }

  find(stageId: number, text: string): PlanQuestion | undefined {
    return this.db
      .select()
      .from(planQuestions)
      .where(and(eq(planQuestions.stageId, stageId), eq(planQuestions.text, text)))
      .get();
  }

  ofStage(stageId: number): PlanQuestion[] {
    return this.db
      .select()
      .from(planQuestions)
      .where(eq(planQuestions.stageId, stageId))
      .orderBy(asc(planQuestions.id))
      .all();
  }

  /** Changes the question only while it is in one of `from`; undefined when it was not. */
  update(
    id: number,
    from: readonly PlanQuestion['state'][],
    patch: PlanQuestionPatch,
    now: number,
  ): PlanQuestion | undefined {
    const current = this.get(id);
    if (!current || !from.includes(current.state)) return undefined;
    return this.db
      .update(planQuestions)
      .set({ ...patch, updatedAt: now })
      .where(and(eq(planQuestions.id, id), eq(planQuestions.state, current.state)))
      .returning()
      .get();
  }
}
