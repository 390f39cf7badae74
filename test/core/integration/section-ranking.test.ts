import { beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../../src/core/store/db.js';
import { KnowledgeRepository } from '../../../src/core/store/knowledge-repository.js';

const T0 = Date.UTC(2026, 0, 5, 9);
const ANYONE = { isGuest: false, visibleChannelIds: [] } as const;

/** Prose that no question below asks about, `sentences` long. */
function filler(topic: string, sentences: number): string {
  return Array.from(
    { length: sentences },
    (_, i) =>
      `The ${topic} crew files report number ${i + 1} in the shared binder and reviews it every quarter with the site lead.`,
  ).join(' ');
}

/** A style guide whose "Weekends" section is one short line of common words. */
const STYLE = [
  `## Dates\n\nWrite dates with the day of the week first. ${filler('writing', 9)}`,
  '## Weekends\n\nSay at the weekend.',
  `## Numbers\n\nUse numerals for ten and above. ${filler('writing', 6)}`,
].join('\n\n');

/** A pay page that says, in a long section, what weekend work is paid. */
const PAY = [
  `## Pay day\n\nWages are paid every four weeks on a Friday. ${filler('payroll', 6)}`,
  `## Premiums\n\n${filler('payroll', 4)} Shifts on Saturdays and Sundays earn a premium on top of the hourly rate; overtime at weekends is paid at time and a half. ${filler('payroll', 4)}`,
  `## Mistakes\n\nTell payroll when a payslip looks wrong. ${filler('payroll', 6)}`,
].join('\n\n');

let db: Db;
let knowledge: KnowledgeRepository;

beforeEach(() => {
  db = openDatabase(':memory:');
  knowledge = new KnowledgeRepository(db);
  const others = [
    ['Printer', 'The printer is on floor 3; badge in to print.'],
    ['Lockers', 'Lockers are given out on the first day.'],
    ['Canteen', 'Hot meals are served from noon.'],
    ['Parking', 'Parking spaces are first come, first served.'],
    ['Visitors', 'Book visitors in at the gatehouse a day ahead.'],
  ];
  for (const [title, body] of others) {
    knowledge.upsert({ title: title as string, body: body as string, source: 'import' }, T0);
  }
  knowledge.upsert({ title: 'Writing for customers', body: STYLE, source: 'import' }, T0);
  knowledge.upsert({ title: 'Pay', body: PAY, source: 'import' }, T0);
});

describe('ranking long pages by their sections', () => {
  it('does not let a short section win on the one common word it shares with the question', () => {
    const hits = knowledge.search('what do we earn on weekends', ANYONE);
    expect(hits[0]?.document.title).toBe('Pay');
    expect(hits[0]?.section?.heading).toBe('Premiums');
  });

  it('still finds a short section when its one word is the whole question', () => {
    const hits = knowledge.search('weekends', ANYONE);
    expect(hits[0]?.document.title).toBe('Writing for customers');
    expect(hits[0]?.section?.heading).toBe('Weekends');
  });
});
