/**
 * The demo team as the sandbox speaks of it: people and channels by name, where a DM belongs,
 * who may see a conversation, everyone's zone and hours as Mailroom knows them.
 */
import { formatInTimeZone } from 'date-fns-tz';
import { overviewOf } from '../../../src/core/services/people.js';
import type { SandboxTeam } from '../../sandbox/team.js';
import { dmChannelIdFor } from '../fake-slack.js';
import type { LiveApp } from './live-app.js';
import type { Lookup } from './modal-form.js';
import type { Names } from './render.js';

export class Directory {
  constructor(
    private readonly team: SandboxTeam,
    private readonly app: LiveApp,
  ) {}

  /** A person's id from `priya`, `@priya`, `Priya` or `U0PRIYA`. */
  personId(text: string): string | undefined {
    const wanted = text.trim().replace(/^@/, '').toLowerCase();
    return this.team.people.find(
      (p) =>
        p.name === wanted ||
        p.id.toLowerCase() === wanted ||
        (p.realName ?? '').toLowerCase().split(' ')[0] === wanted,
    )?.id;
  }

  /** A channel's id from `#eng`, `eng` or its id; `dm` is the person's DM with Mailroom. */
  conversationId(text: string, forUserId: string): string | undefined {
    const wanted = text.trim().toLowerCase();
    if (wanted === 'dm' || wanted === '@mailroom') return dmChannelIdFor(forUserId);
    const name = wanted.replace(/^#/, '');
    return this.team.channels.find((c) => c.name === name || c.id.toLowerCase() === name)?.id;
  }

  channelNames(): string {
    return this.team.channels.map((c) => `#${c.name}`).join(', ');
  }

  peopleNames(): string {
    return this.team.people.map((p) => p.name).join(', ');
  }

  nameOf(userId: string): string {
    return this.app.fake.user(userId)?.name ?? userId;
  }

  /** The zone Mailroom uses for someone (their own choice, Slack's, or the team's). */
  zoneOf(userId: string): string {
    try {
      return overviewOf(this.app.ctx, userId).timeZone;
    } catch {
      return this.app.fake.user(userId)?.tz ?? 'UTC';
    }
  }

  localTime(instant: number, userId: string, pattern = 'EEE d MMM HH:mm'): string {
    return formatInTimeZone(instant, this.zoneOf(userId), pattern);
  }

  /** Working or not, until when, and their hours, as Mailroom sees them now. */
  availability(userId: string): string {
    try {
      const overview = overviewOf(this.app.ctx, userId);
      const hours = `hours ${overview.hoursText}`;
      if (overview.away) return `away (${overview.away.why}) · ${hours}`;
      if (overview.workingNow) return `working · ${hours}`;
      return `off until ${overview.nextStartLocal} · ${hours}`;
    } catch {
      return 'not known to Mailroom yet';
    }
  }

  describe(userId: string): string {
    const person = this.team.people.find((p) => p.id === userId);
    const zone = this.zoneOf(userId);
    const local = this.localTime(this.app.now, userId, 'EEE HH:mm');
    return `${person?.name} (${person?.realName}, ${person?.role}; ${zone}, ${local} there: ${this.availability(userId)})`;
  }

  /** Every person, one line each: for `who`. */
  table(viewerId: string): string[] {
    return this.team.people.map((person) => {
      const you = person.id === viewerId ? '  ← you' : '';
      const local = this.localTime(this.app.now, person.id, 'EEE HH:mm');
      const columns = [
        person.name.padEnd(7),
        (person.realName ?? '').padEnd(12),
        person.role.padEnd(34),
        this.zoneOf(person.id).padEnd(17),
        local,
      ];
      return `  ${columns.join(' ')}  ${this.availability(person.id)}${you}`;
    });
  }

  dmOwner(channelId: string): string | undefined {
    if (!channelId.startsWith('D')) return undefined;
    return this.team.people.find((p) => dmChannelIdFor(p.id) === channelId)?.id;
  }

  isMember(channelId: string, userId: string): boolean {
    if (channelId.startsWith('D')) return this.dmOwner(channelId) === userId;
    return this.team.channels.find((c) => c.id === channelId)?.members.includes(userId) ?? false;
  }

  isPrivate(channelId: string): boolean {
    return this.team.channels.find((c) => c.id === channelId)?.isPrivate === true;
  }

  /** `#eng`, `your DM with Mailroom`, `@sam's DM`. */
  placeName(channelId: string, viewerId: string): string {
    const owner = this.dmOwner(channelId);
    if (owner) return owner === viewerId ? 'your DM with Mailroom' : `@${this.nameOf(owner)}'s DM`;
    const channel = this.team.channels.find((c) => c.id === channelId);
    return channel ? `#${channel.name}` : channelId;
  }

  /** The channel_name Slack puts in a payload. */
  slackChannelName(channelId: string): string {
    if (channelId.startsWith('D')) return 'directmessage';
    return this.team.channels.find((c) => c.id === channelId)?.name ?? channelId;
  }

  names(): Names {
    return {
      user: (id) => this.app.fake.user(id)?.name,
      channel: (id) =>
        this.team.channels.find((c) => c.id === id)?.name ??
        (id.startsWith('D') ? 'dm' : undefined),
    };
  }

  lookup(forUserId: string): Lookup {
    return {
      user: (text) => this.personId(text),
      conversation: (text) => this.conversationId(text, forUserId),
      userName: (id) => this.app.fake.user(id)?.name,
      conversationName: (id) => this.team.channels.find((c) => c.id === id)?.name,
    };
  }
}
