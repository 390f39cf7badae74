import { beforeEach, describe, expect, it } from 'vitest';
import { repositoriesOf } from '../../../../src/context.js';
import { teamInsights } from '../../../../src/features/ask/services/insights.js';
import { insightsBlocks } from '../../../../src/features/ask/slack/views/insights.js';
import { textOf } from '../../../support/blocks.js';
import { freshDatabase, testClock } from '../../../support/store.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('teamInsights', () => {
  let db: ReturnType<typeof freshDatabase>;
  let repos: ReturnType<typeof repositoriesOf>;
  const clock = testClock('2026-03-30T12:00:00Z');
  const now = () => clock();

  beforeEach(() => {
    clock.set('2026-03-30T12:00:00Z');
    db = freshDatabase();
    repos = repositoriesOf(db);
  });

  function ask(text: string, daysAgo: number) {
    return repos.questions.create(
      { askerId: 'UASK', text, channelId: 'C1' },
      now() - daysAgo * DAY,
    );
  }

  it('counts answers from the docs and from people, the median wait, held messages and gaps in the docs', () => {
    // Answered from the docs: one confirmed, one shown the docs and left there.
    const confirmed = ask('How do I reset my VPN password?', 3);
    repos.questions.update(confirmed.id, ['draft'], {
      state: 'answered',
      answeredAt: now(),
      updatedAt: now(),
    });
    ask('Where is the style guide?', 2);
    // Answered by people after 2 h, 4 h and 9 h.
    for (const [text, hours] of [
      ['Who approves refund exceptions for annual plans?', 2],
      ['Refund exceptions over 500 euros?', 4],
      ['Can refunds go to a different card?', 9],
    ] as const) {
      const q = ask(text, 5);
      repos.questions.update(q.id, ['draft'], { state: 'open', updatedAt: now() });
      repos.questions.update(q.id, ['open'], {
        state: 'answered',
        answeredBy: 'UEXPERT',
        answeredAt: q.createdAt + hours * HOUR,
        updatedAt: now(),
      });
    }
    const open = ask('Refund policy for enterprise?', 1);
    repos.questions.update(open.id, ['draft'], { state: 'open', updatedAt: now() });
    // Too old to count.
    ask('An old question about refunds', 40);

    // One message held 10 h for its recipient's morning, one delivered at once.
    const created = now() - 2 * DAY;
    for (const [key, wait] of [
      ['held', 10 * HOUR],
      ['now', 0],
    ] as const) {
      const { item } = repos.queue.enqueue(
        {
          kind: 'notice',
          recipientId: 'UEXPERT',
          payload: { text: key },
          deliverAfter: created + wait,
          idempotencyKey: key,
        },
        created,
      );
      db.$client
        .prepare('update queue_items set state = ?, delivered_at = ? where id = ?')
        .run('delivered', created + wait, item.id);
    }

    const insights = teamInsights({ ...repos, clock: now });
    expect(insights.questions).toEqual({
      asked: 6,
      answeredByDocs: 1,
      settledByDocs: 1,
      answeredByPerson: 3,
      open: 1,
      medianAnswerMs: 4 * HOUR,
    });
    expect(insights.delivery).toMatchObject({ held: 1, heldMs: 10 * HOUR });
    expect(insights.missingTopics[0]).toEqual({ term: 'refund', count: 3 });

    const text = textOf(insightsBlocks(insights));
    expect(text).toContain(
      '*6* questions: *2* answered from the docs (33 %; 1 confirmed), *3* by a person, 1 still open.',
    );
    expect(text).toContain("Median time to a person's answer: 4 h.");
    expect(text).toContain(
      "*1* messages held until their recipient's working hours, sparing 10 h of off-hours interruptions.",
    );
    expect(text).toContain('Asked of people, not found in the docs: refund (3)');
  });

  it('reads well for a new team with nothing yet', () => {
    const text = textOf(insightsBlocks(teamInsights({ ...repos, clock: now })));
    expect(text).toContain('No questions asked yet.');
    expect(text).toContain('no answers yet');
  });
});
