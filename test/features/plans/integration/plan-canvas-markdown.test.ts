/**
 * A plan's canvas is written in the Markdown Slack's canvases accept (`document_content` of
 * type `markdown`), and nothing else. What is allowed, as Slack documents it for canvases:
 *
 * - headings of three levels at most: `#`, `##`, `###`;
 * - paragraphs, **bold**, _italic_, `code`, and a hard line break (two spaces, then a newline);
 * - bulleted (`- `) and ordered (`1. `) lists;
 * - links, `[words](https://…)`, and bare `https://` links;
 * - tables: a header row, its `| --- |` rule, then rows;
 * - a person as `![](@U…)` and a channel as `![](#C…)`: the only images;
 * - a backslash before a character that would otherwise be read as syntax.
 *
 * Never Block Kit (a canvas holds no blocks), never Slack's message mrkdwn (its angle-bracket
 * mentions, channel links, broadcasts and `<url|words>` links), never HTML, never an image from
 * a URL. Text people typed keeps its words, with whatever would read as syntax escaped.
 */
import { describe, expect, it } from 'vitest';
import { latestReviewOf, raiseConcern } from '../../../../src/core/services/reviews.js';
import {
  PLAN_STAGE_REVIEW_KIND,
  startPlan,
  submitStage,
} from '../../../../src/features/plans/services/plans.js';
import { canvasMarkdown } from '../../../../src/features/plans/slack/canvas-sync.js';
import { partnerPlan, world } from './plan-export-world.js';

const HEADING = /^(#{1,3}) \S/;
const MENTION = /^!\[\]\((@U[A-Z0-9]+|#C[A-Z0-9]+)\)$/;
const LINK_TARGET = /^https:\/\/\S+$/;

/** Every way `markdown` departs from what a canvas accepts, one line each; none when it keeps to it. */
function departures(markdown: string): string[] {
  const found: string[] = [];
  const lines = markdown.split('\n');
  for (const [index, line] of lines.entries()) {
    const at = `line ${index + 1}: ${line}`;
    if (line.startsWith('#') && !HEADING.test(line))
      found.push(`not a heading of 1-3 levels, ${at}`);
    // Slack's message syntax and HTML start with an unescaped angle bracket.
    if (/(^|[^\\])</.test(line)) found.push(`an angle bracket (mrkdwn or HTML), ${at}`);
    if (/"type"\s*:|"blocks"\s*:/.test(line)) found.push(`Block Kit, ${at}`);
    // Images: only the mentions of people and channels.
    for (const image of line.matchAll(/(^|[^\\])(!\[[^\]]*\]\([^)]*\))/g)) {
      if (!MENTION.test(image[2] ?? '')) found.push(`an image that is no mention, ${at}`);
    }
    // Links: to a web address.
    for (const link of line.matchAll(/(^|[^\\!])\[([^\]]*)\]\(([^)]*)\)/g)) {
      if (!LINK_TARGET.test(link[3] ?? '')) found.push(`a link to no web address, ${at}`);
    }
    // A table: its header row is followed by its rule, and each row is closed.
    if (line.startsWith('|')) {
      if (!line.endsWith('|')) found.push(`an unclosed table row, ${at}`);
      const previous = lines[index - 1] ?? '';
      if (!previous.startsWith('|') && !/^\| (--- \| )*---( \|)?$/.test(lines[index + 1] ?? '')) {
        found.push(`a table without its rule, ${at}`);
      }
    }
  }
  return found;
}

describe('the canvas’s Markdown', () => {
  it('keeps to what canvases accept for a whole plan: stages, reviews, concerns, the decision link and the tasks', () => {
    const { ctx, clock } = world();
    ctx.hooks.onDecisionLog({
      log: () => ({ ok: true, decisionId: 1 }),
      describe: () => ({
        title: 'Partner API: OAuth with rotation',
        status: 'accepted',
        link: 'https://mailroom-test.slack.com/archives/CPLAN/p1773050400000100',
      }),
    });
    const plan = partnerPlan(ctx, clock);
    const markdown = canvasMarkdown(ctx, plan);
    expect(departures(markdown)).toEqual([]);
    // What it uses: headings, mentions, a table, lists, bold, italic and a link.
    expect(markdown).toMatch(/^# Partner API$/m);
    expect(markdown).toMatch(/^## Why \(accepted\)$/m);
    expect(markdown).toMatch(/^### Revision 2, by !\[\]\(@UOWN\), /m);
    expect(markdown).toContain('- Channel: ![](#CPLAN)');
    expect(markdown).toContain('| Stage | State | Revision |\n| --- | --- | --- |');
    expect(markdown).toContain(
      '**Decision logged:** [Partner API: OAuth with rotation](https://mailroom-test.slack.com/archives/CPLAN/p1773050400000100) (accepted)',
    );
    expect(markdown).toMatch(
      /^_This canvas is kept by Mailroom from the plan: .* !\[\]\(#CPLAN\)\._$/m,
    );
    expect(markdown).not.toContain('## History');
  });

  it('keeps people’s words, escaping what would read as mrkdwn, HTML, an image or a heading', () => {
    const { ctx } = world();
    const { plan } = startPlan(ctx, {
      ownerId: 'UOWN',
      channelId: 'CPLAN',
      title: 'Ship <b>it</b> ![logo](https://example.com/logo.png)',
      targetDate: '2026-04-30',
      today: '2026-03-09',
      reviewers: { why: ['UPAT'], what: ['UBOB'], how: ['UBEA'] },
    });
    const why = ctx.plans.stagesOf(plan.id).find((s) => s.stage === 'why');
    if (!why) throw new Error('no why');
    submitStage(ctx, {
      userId: 'UOWN',
      stageId: why.id,
      stage: 'why',
      form: {
        why_goal: 'Tell <!channel> and <@UPAT>\n#### not a heading\n<https://example.com|our page>',
        why_asked_by: 'Sales ![](@UEVE)',
        why_objective: 'Grow <i>partner</i> revenue',
        why_success: 'Five partners live',
      },
    });
    const review = latestReviewOf(ctx, PLAN_STAGE_REVIEW_KIND, why.id);
    if (!review) throw new Error('no review');
    raiseConcern(ctx, { reviewId: review.id, userId: 'UPAT', reason: 'Is <@UEVE> in?' });
    const markdown = canvasMarkdown(ctx, ctx.plans.get(plan.id) ?? plan);
    expect(departures(markdown)).toEqual([]);
    expect(markdown).toContain('# Ship \\<b>it\\</b> \\![logo](https://example.com/logo.png)');
    expect(markdown).toContain('**Goal:** Tell \\<!channel> and \\<@UPAT>  \n\\#### not a heading');
    expect(markdown).toContain('\\<https://example.com|our page>');
    expect(markdown).toContain('**Asked for by:** Sales \\![](@UEVE)');
    expect(markdown).toContain('Grow \\<i>partner\\</i> revenue');
    expect(markdown).toContain('Concern from ![](@UPAT)');
    expect(markdown).toContain(': Is \\<@UEVE> in? Open.');
  });

  it('finds what it must find: the checker itself refuses each thing canvases do not accept', () => {
    expect(departures('#### Four levels')).toHaveLength(1);
    expect(departures('Hi <@U1> in <#C1>, <!here>')).toHaveLength(1);
    expect(departures('See <https://example.com|this>')).toHaveLength(1);
    expect(departures('<b>bold</b>')).toHaveLength(1);
    expect(departures('{"blocks": [{"type": "section"}]}')).toHaveLength(1);
    expect(departures('![logo](https://example.com/logo.png)')).toHaveLength(1);
    expect(departures('[home](javascript:alert(1))')).toHaveLength(1);
    expect(departures('| a | b |\n| c | d |')).toHaveLength(1);
    expect(departures('# Title\n\n- ![](@U1) and ![](#C1)\n\n| a |\n| --- |\n| b |')).toEqual([]);
  });
});
