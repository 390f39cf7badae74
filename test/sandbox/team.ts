/**
 * The sandbox's demo team: four people in four time zones (one on a night shift), a public
 * and a private channel, the handbook in ./handbook, and who answers what. Everything after
 * the directory is seeded through Mailroom itself, as its users would: `seed` lines are run
 * quietly, exactly as if typed at the sandbox prompt, before the first prompt.
 */
import { fileURLToPath } from 'node:url';
import type { FakeChannel, FakeUser } from '../support/fake-slack.js';

export interface SandboxPerson extends FakeUser {
  /** What they do, shown by `who`. */
  role: string;
  /** Their working hours, as they would set them with `/mailroom hours`. */
  hours: string;
}

export interface SandboxTeam {
  people: SandboxPerson[];
  channels: FakeChannel[];
  /** Markdown files imported as the team's docs (as `npm run import` does). */
  handbook: string;
  /** Who the sandbox starts as, and where. */
  startAs: string;
  startIn: string;
  /** Sandbox lines run quietly once people and docs are in, each block as its first `as`. */
  seed: string[];
}

const BOT = 'U0MAILBOT';

const people: SandboxPerson[] = [
  {
    id: 'U0ADA',
    name: 'ada',
    realName: 'Ada Okafor',
    tz: 'Europe/London',
    isAdmin: true,
    role: 'operations lead, workspace admin',
    hours: '9-17:30 mon-fri',
  },
  {
    id: 'U0PRIYA',
    name: 'priya',
    realName: 'Priya Raman',
    tz: 'Asia/Kolkata',
    role: 'engineering lead',
    hours: '10-18 mon-fri',
  },
  {
    id: 'U0SAM',
    name: 'sam',
    realName: 'Sam Ortiz',
    tz: 'America/New_York',
    role: 'finance',
    hours: '9-17 mon-fri',
  },
  {
    id: 'U0KAI',
    name: 'kai',
    realName: 'Kai Tane',
    tz: 'Pacific/Auckland',
    role: 'support engineer, night shift',
    hours: '22-06 sun-thu',
  },
];

export const demoTeam: SandboxTeam = {
  people,
  channels: [
    { id: 'C0ENG', name: 'eng', members: [...people.map((p) => p.id), BOT] },
    {
      id: 'G0LEADS',
      name: 'leads',
      isPrivate: true,
      members: ['U0ADA', 'U0PRIYA', 'U0SAM', BOT],
    },
  ],
  handbook: fileURLToPath(new URL('./handbook/', import.meta.url)),
  startAs: 'priya',
  startIn: '#eng',
  seed: [
    // Everyone's working hours, set by each person.
    ...people.flatMap((person) => [`as ${person.name}`, `/mailroom hours ${person.hours}`]),
    // Who answers what, set by the admin.
    'as ada',
    '/mailroom experts add staging, database, deploys, releases, rollback, code review @priya',
    '/mailroom experts add incidents, on-call, paging, support, customers @kai',
    '/mailroom experts add vpn, laptops, equipment, onboarding, time off, holidays @ada',
    '/mailroom experts add billing, refunds, invoices, expenses, travel @sam',
    '/mailroom experts add #leads @ada',
    // A standup for the support rotation: Kai is asked at the start of his night shift.
    'as ada',
    'in #eng',
    '/standup new',
    'Support rotation',
    '',
    '',
    '',
    '3',
    '',
    '',
    '2',
    'kai',
    '',
    '17:00',
    '1',
    '',
    '',
    '',
  ],
};
