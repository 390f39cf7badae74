/**
 * Probes: queries written for this benchmark (bench/data/probes), each with the document it
 * should find first, by kind (typo, synonym, hyphen, CJK, Korean, Thai). The probe documents
 * are indexed beside the handbook pages, which act as distractors.
 */
import { readFileSync } from 'node:fs';
import { type LexiconParts, searchKnowledge } from '../src/core/services/knowledge.js';
import { buildHandbookIndex } from './handbook.js';
import type { BenchResult } from './run.js';
import { appLexicon } from './search-quality.js';

const PROBES = new URL('./data/probes/probes.json', import.meta.url);
const VIEWER = { isGuest: false, visibleChannelIds: [] } as const;

interface ProbeSet {
  documents: { key: string; title: string; body: string }[];
  probes: { kind: string; query: string; expect: string }[];
}

export async function run(): Promise<BenchResult> {
  const set = JSON.parse(readFileSync(PROBES, 'utf8')) as ProbeSet;
  const index = await buildHandbookIndex();
  for (const document of set.documents) {
    const { document: stored } = index.knowledge.upsert(
      {
        title: document.title,
        body: document.body,
        source: 'written',
        sourceKey: `probe:${document.key}`,
      },
      0,
    );
    index.pageOf.set(stored.id, document.key);
  }
  const score = (lexicon?: LexiconParts) => {
    const byKind = new Map<
      string,
      { first: number; top3: number; total: number; missed: string[] }
    >();
    for (const probe of set.probes) {
      const { hits } = searchKnowledge(
        { knowledge: index.knowledge, ...(lexicon ? { lexicon } : {}) },
        VIEWER,
        probe.query,
        3,
      );
      const keys = hits.map((hit) => index.pageOf.get(hit.document.id));
      const kind = byKind.get(probe.kind) ?? { first: 0, top3: 0, total: 0, missed: [] };
      kind.total += 1;
      if (keys[0] === probe.expect) kind.first += 1;
      else kind.missed.push(probe.query);
      if (keys.includes(probe.expect)) kind.top3 += 1;
      byKind.set(probe.kind, kind);
    }
    return byKind;
  };
  const plain = score();
  const synonyms = score(appLexicon());
  index.close();
  const rows = [...synonyms.entries()].map(([kind, found]) => {
    const before = plain.get(kind);
    return {
      figure: `probes: ${kind}, found first (top 3)`,
      value: `${found.first}/${found.total} (${found.top3})`,
      reference: `no synonyms: ${before?.first ?? 0}/${before?.total ?? 0} (${before?.top3 ?? 0})`,
      workload: `missed first: ${found.missed.join(' · ') || 'none'}`,
    };
  });
  return {
    title: 'Search probes (written for the benchmark, not tuned on)',
    rows,
    notes: [
      'Probes: bench/data/probes (22 documents beside the 30 handbook pages). Typo, stem, hyphen and CJK/Korean/Thai probes depend on query planning (typo correction, exact forms, hyphens, word segmentation) and are reported as they are.',
    ],
  };
}
