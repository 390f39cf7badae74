import { describe, expect, it } from 'vitest';
import { topicMatcherOf } from '../../../src/core/services/topic-match.js';
import { TOPIC_SYNONYMS, wordnetSynonyms } from '../../../src/core/store/wordnet-synonyms.js';
import { serviceContext, testClock } from '../../support/store.js';

/** A team's context as the app builds it: a real database (migrations applied), WordNet, a glossary. */
function team() {
  const ctx = serviceContext(testClock('2026-03-02T08:00:00Z'));
  ctx.lexicon = { synonyms: wordnetSynonyms(), topicSynonyms: wordnetSynonyms(TOPIC_SYNONYMS) };
  ctx.glossary.add({ term: 'PTO', expansion: 'paid time off', addedBy: null }, 0);
  return ctx;
}

describe('matching a question to expert topics', () => {
  const ctx = team();
  const strength = (question: string, topic: string) => topicMatcherOf(ctx, question)(topic);

  it('finds a topic through search’s stemming', () => {
    expect(strength('Can I get my annual plan refunded?', 'refunds')).toBe(1);
    expect(strength('Deploying to staging fails', 'deploys')).toBe(1);
    expect(strength('The customer was invoiced twice', 'invoices')).toBe(1);
  });

  it('finds a topic through a synonym of its word, below its own words', () => {
    expect(strength('Who pays for a taxi to the airport on a business trip?', 'travel')).toBe(0.5);
  });

  it('finds a topic through a synonym of the question’s word', () => {
    expect(strength('Who plans the vacation calendar?', 'holidays')).toBe(0.5);
  });

  it('finds a topic through the team glossary', () => {
    expect(strength('How many PTO days do I have left?', 'time off')).toBeCloseTo(0.8);
  });

  it('needs every word of a topic, and does not stretch synonyms to common words', () => {
    expect(strength('Who should review my pull request?', 'code review')).toBe(0);
    expect(strength('When is the next release going out?', 'travel')).toBe(0);
    expect(strength('What time does the office open?', 'time off')).toBe(0);
    expect(strength('Where is the team lunch on Thursday?', 'holidays')).toBe(0);
  });

  it('works in other scripts, those written without spaces too', () => {
    expect(strength('Как оформить отпуск?', 'отпуск')).toBe(1);
    expect(strength('会議室の予約はどうすればいいですか', '会議室')).toBe(1);
  });

  it('leaves nothing behind between questions', () => {
    expect(strength('How do refunds work?', 'refunds')).toBe(1);
    expect(strength('How do I reset my VPN?', 'refunds')).toBe(0);
  });
});
