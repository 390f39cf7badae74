/**
 * An inverted index of open questions' words (the sets `similarityTerms` makes), so that a
 * new question is compared only with the open questions sharing a word with it. Pure.
 */
export class OpenQuestionIndex {
  private readonly termsById = new Map<number, ReadonlySet<string>>();
  private readonly idsByTerm = new Map<string, Set<number>>();

  get size(): number {
    return this.termsById.size;
  }

  has(id: number): boolean {
    return this.termsById.has(id);
  }

  /** Adds the question, or replaces its words. */
  add(id: number, terms: ReadonlySet<string>): void {
    this.remove(id);
    this.termsById.set(id, terms);
    for (const term of terms) {
      let ids = this.idsByTerm.get(term);
      if (!ids) {
        ids = new Set();
        this.idsByTerm.set(term, ids);
      }
      ids.add(id);
    }
  }

  remove(id: number): void {
    const terms = this.termsById.get(id);
    if (!terms) return;
    this.termsById.delete(id);
    for (const term of terms) {
      const ids = this.idsByTerm.get(term);
      ids?.delete(id);
      if (ids?.size === 0) this.idsByTerm.delete(term);
    }
  }

  /**
   * The questions whose words overlap `terms` with a Jaccard similarity (shared words over
   * all distinct words, as questionSimilarity counts) of at least `minSimilarity` (> 0).
   */
  similarTo(terms: ReadonlySet<string>, minSimilarity: number): number[] {
    const shared = new Map<number, number>();
    for (const term of terms) {
      for (const id of this.idsByTerm.get(term) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    }
    const similar: number[] = [];
    for (const [id, count] of shared) {
      const size = this.termsById.get(id)?.size ?? 0;
      if (count / (terms.size + size - count) >= minSimilarity) similar.push(id);
    }
    return similar;
  }
}
