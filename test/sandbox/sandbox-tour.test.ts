import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, SANDBOX_START, Sandbox, TOUR_FILE } from '../support/sandbox/engine.js';
import { demoTeam } from './team.js';

/**
 * The tour that `npm run sandbox -- --tour` prints, run here in-process against the real app
 * (HTTP receiver on loopback, fake Slack): each section's key moments must be in it.
 */
let transcript: string[] = [];

beforeAll(async () => {
  const lines: string[] = [];
  const print = (text: string) => lines.push(...text.split('\n'));
  const sandbox = await Sandbox.start({ team: demoTeam, start: Date.parse(SANDBOX_START), print });
  try {
    await runScript(sandbox, readFileSync(TOUR_FILE, 'utf8').split('\n'), print);
  } finally {
    await sandbox.stop();
  }
  transcript = lines;
  // The whole tour runs here, every capability's section of it: more than one test's time.
}, 120_000);

afterAll(() => {
  transcript = [];
});

const PROMPT = /^\w+ in .+ \(\w{3} \d{2}:\d{2}\)> /;

/** The transcript of one section of the tour (`## <name>: …` up to the next section). */
function section(name: string): string[] {
  const start = transcript.findIndex((line) => line.startsWith(`## ${name}:`));
  expect(start, `the tour has a section “${name}”`).toBeGreaterThanOrEqual(0);
  const end = transcript.findIndex((line, i) => i > start && line.startsWith('## '));
  return transcript.slice(start, end < 0 ? undefined : end);
}

/** What a command printed: the lines after its prompt up to the next prompt, narration left out. */
function outputOf(lines: string[], command: string, occurrence = 1): string {
  const at = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => PROMPT.test(line) && line.replace(PROMPT, '') === command)
    .at(occurrence - 1)?.index;
  expect(at, `the tour runs “${command}”`).toBeDefined();
  const rest = lines.slice((at as number) + 1);
  const next = rest.findIndex((line) => PROMPT.test(line));
  return rest
    .slice(0, next < 0 ? undefined : next)
    .filter((line) => !line.startsWith('#'))
    .join('\n');
}

describe('the sandbox tour', () => {
  it('runs without a request refused, an error logged or a line misunderstood', () => {
    expect(transcript[0]).toMatch(/^Seeded: 4 people in 4 time zones, 2 channels, 13 docs/);
    const problems = transcript.filter(
      (line) => line.startsWith('!') || line.includes("I don't understand"),
    );
    expect(problems).toEqual([]);
  });

  describe('ask', () => {
    const ask = () => section('ask');

    it('starts with four people in four zones, one on a night shift', () => {
      const who = outputOf(ask(), 'who');
      expect(who).toContain('It is Mon 2 Mar 2026 08:00 UTC.');
      expect(who).toMatch(/priya .* Asia\/Kolkata +Mon 13:30 +working/);
      expect(who).toMatch(/sam .* America\/New_York +Mon 03:00 +off until 09:00/);
      expect(who).toMatch(/kai .* Pacific\/Auckland .* hours 22:00–06:00 \(overnight\) Sun–Thu/);
    });

    it('answers from the docs at once', () => {
      const found = outputOf(ask(), '/ask How do I get access to the staging database?');
      expect(found).toContain('The team already wrote about this');
      expect(found).toContain('*Staging database access*');
      expect(found).toContain('[1] This answers it');
      expect(outputOf(ask(), 'press 1')).toContain('Glad that helped');
    });

    it('routes a question nothing answers to the expert, asleep in New York, and says when he will see it', () => {
      const routed = outputOf(
        ask(),
        '/ask How do we prorate refunds when an annual plan is cancelled?',
      );
      expect(routed).toContain('I asked @sam (owns the topic “refunds”)');
      expect(routed).toContain('@sam is offline until 09:00 their time (in 6 h)');
      expect(outputOf(ask(), 'home')).toContain('*You are waiting for (1)*');
      const wait = outputOf(ask(), 'time +3h');
      expect(wait).not.toContain("@sam's DM");
      expect(wait).not.toContain('in your DM');
    });

    it('delivers it at the start of his day, and takes his answer through the modal', () => {
      const morning = outputOf(ask(), 'time 09:00');
      expect(morning).toContain('⏱ Mon 2 Mar 09:00 your time:');
      expect(morning).toContain('┌ Mailroom in your DM · Mon 2 Mar 09:00');
      expect(morning).toContain('@priya asked in #eng:');
      expect(morning).toContain('[1] Answer  [2] Not me / reassign  [3] Snooze 2 h');
      const answered = outputOf(ask(), 'press 1', 2);
      expect(answered).toContain('┌ Modal: Answer a question');
      expect(answered).toContain('  → [Send answer]');
      expect(answered).toContain('┌ Modal: Answer sent');
      expect(answered).toContain('Answered by @sam. Thank you!');
    });

    it('tells the asker at the start of her next day, and the next person finds the answer in the docs', () => {
      const nextMorning = outputOf(ask(), 'time tomorrow 10:00');
      expect(nextMorning).toContain('⏱ Tue 3 Mar 10:00 your time:');
      expect(nextMorning).toContain('@sam answered the question @priya asked:');
      expect(nextMorning).toContain('Annual plans are refunded pro rata');
      const again = outputOf(
        ask(),
        '/ask How do we prorate a refund when an annual plan is cancelled?',
      );
      expect(again).toContain('The team already wrote about this');
      expect(again).toContain('earlier answer · answered by @sam');
    });
  });

  describe('decision', () => {
    const decision = () => section('decision');

    it('logs a proposed decision from the form and posts it in the channel with a thread', () => {
      const logged = outputOf(decision(), '/decision Use Postgres for the billing service');
      expect(logged).toContain('┌ Modal: Log a decision');
      expect(logged).toContain('== Decision: Use Postgres for the billing service ==');
      expect(logged).toContain('Proposed, collecting input');
      expect(logged).toContain('*Owners:* @priya   *Consulted:* @sam');
      expect(logged).toContain('Mailroom replied in a thread in #eng');
    });

    it('keeps an objection with its reason on the record', () => {
      const objected = outputOf(decision(), 'press 2');
      expect(objected).toContain('┌ Modal: Object');
      expect(objected).toContain('• @sam: Nobody is on call for databases at night yet.');
    });

    it('tells the owner in her own working hours, in one message, and she accepts', () => {
      const morning = outputOf(decision(), 'time wed 10:00');
      expect(morning).toContain('⏱ Wed 4 Mar 10:00 your time:');
      expect(morning).toContain('@sam objects: Nobody is on call for databases at night yet.');
      const accepted = outputOf(decision(), 'press 4');
      expect(accepted).toContain(':white_check_mark: Accepted');
      expect(accepted).toContain('A follow-up task for you');
    });

    it('is found again by /ask, shown as a decision', () => {
      const found = outputOf(decision(), '/ask Why did we pick Postgres for billing?');
      expect(found).toContain('The team already wrote about this');
      expect(found).toContain('decision · accepted');
    });

    it('is deprecated by its owner, with the reason on its message', () => {
      const deprecated = outputOf(decision(), 'press 4', 2);
      expect(deprecated).toContain('┌ Modal: Deprecate decision');
      expect(deprecated).toContain(':warning: Deprecated');
      expect(deprecated).toContain(
        '*Why it was deprecated:* Billing moved to the finance platform: follow its runbook instead.',
      );
    });
  });

  describe('standup', () => {
    const standup = () => section('standup');

    it('sets up a standup whose members are asked at their own 09:30', () => {
      const setUp = outputOf(standup(), '/standup new');
      expect(setUp).toContain('┌ Modal: New standup');
      expect(setUp).toContain('4 people are asked Thu, 09:30 in each member’s time zone');
      const thursday = outputOf(standup(), 'time thu 09:30');
      expect(thursday).toContain('Time for *Eng standup* in #eng (for Thu 5 Mar).');
    });

    it('names Kai, whose 09:30 is after his night shift, and asks him at its start instead', () => {
      const saved = outputOf(standup(), '/standup new');
      expect(saved).toContain(
        'kai works 22:00–06:00 (overnight) Sun–Thu (Pacific/Auckland): the set time is outside their working hours.',
      );
      const adaMorning = outputOf(standup(), 'time thu 09:30', 2);
      expect(adaMorning).toContain(
        "→ Mailroom wrote in @kai's DM (Thu 5 Mar 22:00 their time): “Time for *Eng standup*",
      );
    });

    it('posts the answer in the day’s thread and routes the blocker to who can unblock it', () => {
      const answered = outputOf(standup(), 'press 1', 2);
      expect(answered).toContain('*priya* · 09:30 Thu in Kolkata');
      expect(answered).toContain('> Waiting for production database credentials');
      expect(answered).toContain('_With ada, in their queue._');
      const adaMorning = outputOf(standup(), 'time thu 09:30', 2);
      expect(adaMorning).toContain('@priya is blocked and thinks you can unblock it');
      expect(outputOf(standup(), 'press 1', 3)).toContain('Resolved. @priya is told.');
    });

    it('closes the day with a report in the thread', () => {
      const report = outputOf(standup(), 'time 17:00');
      expect(report).toContain('*Report: Eng standup · Thu 5 Mar*');
      expect(report).toContain('*Answered (1):* priya');
      expect(report).toContain('*Skipped (1):* ada');
      expect(report).toContain('*Did not answer (2):* kai, sam');
    });

    it('takes a late answer into the day’s thread, marked late, and rewrites the report', () => {
      const late = outputOf(standup(), 'press 1', 4);
      expect(late).toMatch(
        /replied in a thread in #eng[^\n]*\n[^\n]*\*sam\* · 13:00 Thu in New York · _late_/,
      );
      expect(late).toContain('> Closed the February books');
      expect(late).toContain('*Answered late (1):* sam');
      expect(late).toContain('*Did not answer (1):* kai');
      expect(late).toContain('1 answered · 1 answered late · 1 skipped · 1 did not answer');
    });
  });

  describe('meet', () => {
    const meet = () => section('meet');

    it('reads the request as transactional, offers the async route, and asks for the agenda first', () => {
      const asked = outputOf(
        meet(),
        '/meet Falcon pricing decision with @priya @sam for 30m next week',
      );
      expect(asked).toContain('Mailroom reads this as *transactional*');
      expect(asked).toContain('*Maybe it need not be a meeting.*');
      expect(asked).toContain('*Before I propose times:* what is the agenda');
    });

    it('shows each time in every participant’s own day, and says when nobody overlaps', () => {
      const times = outputOf(meet(), 'press 1');
      expect(times).toContain('*You never all work at the same time*');
      expect(times).toContain(
        '*Mon 9 Mar 12:30–13:00* for you · Mon 18:00 for priya (outside their hours by 30 min)',
      );
      expect(outputOf(meet(), 'submit')).toContain('Sent to 2 people');
    });

    it('collects the votes in each person’s hours, and the requester confirms the best time', () => {
      expect(outputOf(meet(), 'time fri 10:00')).toContain('*Which of these times work for you?*');
      const result = outputOf(meet(), 'time fri 09:00');
      expect(result).toContain('*The votes are in* for *Falcon pricing decision*: 2 of 2 voted.');
      expect(result).toContain('works for sam, priya');
      const confirmed = outputOf(meet(), 'press 1', 3);
      expect(confirmed).toContain('Confirmed: Mon 9 Mar 12:30–13:00 your time.');
      expect(confirmed).toContain('is confirmed by @ada');
    });
  });

  describe('show, then ask', () => {
    const held = () => section('show-then-ask');

    it('shows the docs it half matched and holds the question; This answers it takes it back', () => {
      const shown = outputOf(held(), '/ask Can I expense a taxi home after a late client dinner?');
      expect(shown).toContain('*The docs may answer this. Does one of these?*');
      expect(shown).toContain('I will ask @sam (owns the topic “expenses”) in 10 min');
      expect(outputOf(held(), 'press 1')).toContain(
        'I took your question back before anyone was asked.',
      );
      expect(held().join('\n')).not.toContain("in @sam's DM");
    });

    it('sends a held question at once on Ask now, to the owner of its topic (travel)', () => {
      const shown = outputOf(held(), '/ask Who pays for a taxi to the airport on a business trip?');
      expect(shown).toContain('I will ask @sam (owns the topic “travel”) in 10 min');
      const sent = outputOf(held(), 'press 4');
      expect(sent).toContain('Sent now, so I asked @sam (owns the topic “travel”).');
      expect(sent).not.toContain('@ada');
      expect(outputOf(held(), 'inbox')).toContain(
        '> Who pays for a taxi to the airport on a business trip?',
      );
    });
  });

  describe('ask-places', () => {
    const places = () => section('ask-places');

    it('asks the author’s question for them in its thread, and tells who used the shortcut', () => {
      const asked = outputOf(places(), 'shortcut Ask Mailroom');
      expect(asked).toContain('Mailroom, only to you, in #eng');
      expect(asked).toContain('I asked kai’s question in the thread and answered it there');
      expect(asked).toContain('Mailroom replied in a thread in #eng');
      expect(asked).toContain('*Staging database access*');
    });

    it('tells the author at the start of their shift', () => {
      const told = outputOf(places(), 'time sun 22:00');
      expect(told).toContain('@ada asked me your question in #eng');
      expect(told).toContain('How do I get access to the staging database?');
    });
  });

  describe('words', () => {
    const words = () => section('words');

    it('finds a page through the glossary and past a typo, and says what it searched for', () => {
      expect(outputOf(words(), '/mailroom glossary add PO = purchase order')).toContain(
        'Added: *PO* means purchase order.',
      );
      const found = outputOf(words(), '/ask who aproves a PO for a new suplier?');
      expect(found).toContain(
        'Searched for *who approves a PO (purchase order) for a new supplier*',
      );
      expect(found).toContain('*The team already wrote about this:*');
      expect(found).toContain('*Paying suppliers*');
      expect(found).toContain('raise a *purchase order*');
    });
  });

  describe('audit', () => {
    const audit = () => section('audit');

    it('shows an admin who changed the glossary and the experts, newest first, and no one else', () => {
      const trail = outputOf(audit(), '/mailroom audit');
      expect(trail).toContain('*Audit trail*, newest first');
      expect(trail).toMatch(
        /• .+: @ada added \*PO\* = purchase order to the glossary\n.*• .+: @ada changed who answers/,
      );
      expect(trail).toContain('changed who answers “billing”: nobody → @sam');
      expect(outputOf(audit(), '/mailroom audit', 2)).toContain(
        'Only workspace admins (or people listed in MAILROOM_ADMINS) can read the audit trail.',
      );
    });
  });

  describe('review', () => {
    const review = () => section('review');

    it('logs a decision with a reviewer as in review, saying when the reviewer’s window ends', () => {
      const logged = outputOf(review(), '/decision Move the nightly backups to 02:00 UTC');
      expect(logged).toContain('Reviewers (optional): sam');
      expect(logged).toContain('Inform (optional): ada');
      expect(logged).toContain('*:mag: In review*');
      expect(logged).toMatch(/• @sam has not answered · their window ends /);
      expect(logged).toContain('Asked @sam for their review');
    });

    it('keeps the reviewer’s concern on the message, and it blocks acceptance', () => {
      const raised = outputOf(review(), 'press 2');
      expect(raised).toContain('┌ Modal: Raise a concern');
      expect(raised).toContain(
        '• @sam :raised_hand: raised a concern (open): The 02:00 run collides with the billing export.',
      );
      expect(outputOf(review(), 'press 5')).toContain(
        'It can’t be accepted while a concern is open (raised by @sam)',
      );
    });

    it('takes the owner’s answer and the reviewer’s withdrawal, then the owner accepts', () => {
      expect(outputOf(review(), 'press 2', 2)).toContain('raised a concern (answered)');
      expect(outputOf(review(), 'press 1')).toContain('raised a concern (withdrawn)');
      const accepted = outputOf(review(), 'press 5', 2);
      expect(accepted).toContain('Accepted Move the nightly backups to 02:00 UTC');
      expect(accepted).toContain('*:white_check_mark: Accepted*');
      expect(accepted).toContain('*Review* (ended)');
    });

    it('tells the person informed once, in her working hours', () => {
      const told = outputOf(
        review(),
        'inbox',
        review().filter((l) => l.endsWith('> inbox')).length,
      );
      expect(told).toContain('For your information: Move the nightly backups to 02:00 UTC');
      expect(told).toContain('was accepted.');
    });
  });

  describe('hours', () => {
    const hours = () => section('hours');

    it('reads a split day “9-1, 2-6” as 09:00–13:00 and 14:00–18:00, and saves it on Save', () => {
      const shown = outputOf(hours(), '/mailroom hours 9-1, 2-6');
      expect(shown).toContain('I read this as *09:00–13:00, 14:00–18:00 Mon–Fri*');
      expect(shown).toContain('[1] Save  [2] Edit');
      expect(shown).not.toContain('02:00');
      expect(outputOf(hours(), 'press 1')).toContain(
        'Saved. Your working hours are now *09:00–13:00, 14:00–18:00 Mon–Fri*',
      );
    });
  });
  describe('plan', () => {
    const plan = () => section('plan');

    it('sends the how’s open questions to experts by topic, each in their own hours', () => {
      expect(outputOf(plan(), 'press 4')).toContain('→ @priya, who owns the topic “releases”.');
      const asked = outputOf(plan(), 'submit');
      expect(asked).toContain(
        '• Which invoices must partners see? → @sam, delivered today at 13:00 (your time)',
      );
      expect(asked).toContain('• Which invoices must partners see?: asked @sam, waiting');
    });

    it('asks Sam at 09:00 in New York; his concern blocks the how, his answer goes into its thread', () => {
      const morning = outputOf(plan(), 'time 09:00', 2);
      expect(morning).toContain('⏱ Tue 17 Mar 09:00 your time:');
      expect(morning).toContain('> Which invoices must partners see?');
      expect(outputOf(plan(), 'press 2', 2)).toContain(
        '⚠️ @sam raised a concern, which blocks acceptance:',
      );
      expect(outputOf(plan(), 'press 10')).toContain(
        '> We show partners only their own issued invoices, never drafts or credit notes.',
      );
    });

    it('settles the concern, accepts the how and logs its choice as a decision', () => {
      expect(outputOf(plan(), 'press 11')).toContain(
        'You withdrew your concern about “Partner invoices API: the how”.',
      );
      expect(outputOf(plan(), 'press 1', 3)).toContain(
        '== Decision: Partner invoices API: A partner invoices service ==',
      );
    });

    it('lists the how’s tasks; Sam declines one with his reason, and Ada is told in her hours', () => {
      expect(outputOf(plan(), 'press 1', 3)).toContain(
        '⚪ Invoice endpoint · 3d · due *2026-03-20* · no owner yet',
      );
      const proposed = outputOf(plan(), 'choose 14 1');
      expect(proposed).toContain('👤 Invoice endpoint · 3d · due *2026-03-20* · @sam, proposed');
      expect(proposed).toContain(
        "→ Mailroom wrote in @sam's DM (Tue 17 Mar 09:00 their time): “📋 @ada proposes you own this task",
      );
      const declined = outputOf(plan(), 'press 9', 2);
      expect(declined).toContain('↩️ You declined “Invoice endpoint”');
      expect(declined).toContain('↩️ Invoice endpoint · 3d · due *2026-03-20* · declined');
      expect(declined).toContain("→ Mailroom wrote in @ada's DM (Tue 17 Mar 13:00 their time)");
      const told = outputOf(plan(), 'inbox', 6);
      expect(told).toContain('↩️ @sam declined “Invoice endpoint”');
      expect(told).toContain('> On call for the billing migration until Friday');
      expect(told).toContain('[7] Propose someone else');
    });

    it('shows Ada, as she picks an owner, their overlap, absence and load before anything is sent', () => {
      const proposed = outputOf(plan(), 'choose 14 1');
      const picked = proposed.indexOf('  Who should own it?: sam');
      const preview = proposed.indexOf('│ Who should own it?: [a person: @sam]');
      const sent = proposed.indexOf('  → [Propose]');
      expect(picked).toBeGreaterThan(0);
      expect(preview).toBeGreaterThan(picked);
      expect(sent).toBeGreaterThan(preview);
      const shown = proposed.slice(preview, sent);
      expect(shown).toContain(
        '│ *Working hours overlap* (a week on average until the task is due, each in their own zone): 20 h a week with @ada',
      );
      expect(shown).toContain(
        '│ *Away*: not during the task, as far as their away setting and Slack status say.',
      );
      expect(shown).toMatch(/│ \*Load\*: \d+ open items? in their queue · 0 open plan tasks/);
      // Priya's preview, when Ada proposes her after Sam declined.
      const again = outputOf(plan(), 'press 7', 2);
      expect(again).toContain('│ Who should own it?: [a person: @priya]');
      expect(again).toContain('│ *Working hours overlap*');
      expect(again.indexOf('│ *Load*:')).toBeLessThan(again.indexOf('  → [Propose]'));
    });

    it('Priya accepts the task at the start of her next day, and her next standup prompt lists it', () => {
      expect(outputOf(plan(), 'press 7', 2)).toContain(
        '👤 Invoice endpoint · 3d · due *2026-03-20* · @priya, proposed',
      );
      const card = outputOf(plan(), 'inbox', 7);
      expect(card).toContain('┌ Mailroom in your DM · Wed 18 Mar 10:00');
      expect(card).toContain('📋 @ada proposes you own this task:');
      const accepted = outputOf(plan(), 'press 10', 2);
      expect(accepted).toContain('✅ You accepted “Invoice endpoint”');
      expect(accepted).toContain('✅ Invoice endpoint · 3d · due *2026-03-20* · @priya, accepted');
      const standup = outputOf(plan(), 'time thu 09:30');
      expect(standup).toContain('│ Time for *Eng standup* in #eng (for Thu 19 Mar).');
      expect(standup).toContain('│ *Your plan tasks due soon*');
      expect(standup).toMatch(
        /│ • \*Invoice endpoint\* · Partner invoices API \(https:\/\/[^)]+\) · due Friday 20 Mar · accepted/,
      );
    });
  });
});
