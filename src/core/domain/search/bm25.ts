/**
 * SQLite FTS5's bm25, computed from the same counts FTS5 uses, so that a document's score for
 * one phrase can be worked out without asking FTS5 for it (FTS5 counts a phrase's documents
 * over its whole index every time a query calls bm25()).
 *
 * FTS5: for each phrase, idf = ln((N − n + ½) / (n + ½)), at least 1e-6; f = Σ over the
 * phrase's instances in the row of its column's weight; D = the row's tokens over all columns,
 * avgdl = all tokens over all rows; score = Σ idf · f·(k1 + 1) / (f + k1·(1 − b + b·D/avgdl)),
 * k1 = 1.2, b = 0.75 (FTS5 returns it negated). The operations are in FTS5's order, so the
 * results are the same doubles.
 */

const K1 = 1.2;
const B = 0.75;

/** FTS5's inverse document frequency of a phrase found in `documents` of `rows` rows. */
export function ftsInverseDocumentFrequency(documents: number, rows: number): number {
  const idf = Math.log((rows - documents + 0.5) / (documents + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/** Σ over columns of the column's weight times the phrase's instances in it (weight 1 when not given). */
export function weightedFrequency(
  perColumn: readonly number[],
  weights: readonly number[],
): number {
  let frequency = 0;
  for (let column = 0; column < perColumn.length; column += 1) {
    const count = perColumn[column] ?? 0;
    if (count > 0) frequency += count * (weights[column] ?? 1);
  }
  return frequency;
}

/** One phrase's bm25 contribution in one row (positive: higher is better). */
export function phraseBm25(
  idf: number,
  frequency: number,
  rowTokens: number,
  averageTokens: number,
): number {
  return (
    idf * ((frequency * (K1 + 1.0)) / (frequency + K1 * (1 - B + (B * rowTokens) / averageTokens)))
  );
}
