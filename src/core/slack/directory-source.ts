import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { MemberProfile } from '../domain/member.js';
import type { DirectorySource } from '../services/ports.js';

/** A Slack user object, as users.list, users.info, user_change and team_join carry it. */
export const slackUserSchema = z.looseObject({
  id: z.string(),
  team_id: z.string().optional(),
  name: z.string().optional(),
  real_name: z.string().optional(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  is_admin: z.boolean().optional(),
  is_owner: z.boolean().optional(),
  is_restricted: z.boolean().optional(),
  is_ultra_restricted: z.boolean().optional(),
  is_app_user: z.boolean().optional(),
  tz: z.string().nullish(),
  updated: z.number().optional(),
  profile: z
    .looseObject({
      display_name: z.string().optional(),
      real_name: z.string().optional(),
      status_text: z.string().optional(),
      status_emoji: z.string().optional(),
      /** Seconds; 0 when the status does not expire. */
      status_expiration: z.number().optional(),
    })
    .optional(),
});

export type SlackUser = z.infer<typeof slackUserSchema>;

export function toMemberProfile(user: SlackUser): MemberProfile {
  const name = user.name ?? user.id;
  const realName = user.profile?.real_name || user.real_name || null;
  return {
    id: user.id,
    teamId: user.team_id ?? null,
    name,
    displayName: user.profile?.display_name || realName || name,
    realName,
    timeZone: user.tz ?? null,
    isBot: Boolean(user.is_bot || user.is_app_user) || user.id === 'USLACKBOT',
    isAdmin: Boolean(user.is_admin || user.is_owner),
    isGuest: Boolean(user.is_restricted || user.is_ultra_restricted),
    slackStatusText: user.profile?.status_text || null,
    slackStatusEmoji: user.profile?.status_emoji || null,
    slackStatusExpiresAt: user.profile?.status_expiration
      ? user.profile.status_expiration * 1000
      : null,
    deleted: Boolean(user.deleted),
    slackUpdatedAt: user.updated === undefined ? null : user.updated * 1000,
  };
}

const usersPageSchema = z.looseObject({ members: z.array(z.unknown()).default([]) });

/** users.list, page by page (Tier 2: a page of 200 a call). */
export function slackDirectorySource(client: WebClient): DirectorySource {
  return {
    async *pages() {
      for await (const page of client.paginate('users.list', { limit: 200 })) {
        const { members } = usersPageSchema.parse(page);
        yield members.flatMap((raw) => {
          const user = slackUserSchema.safeParse(raw);
          return user.success ? [toMemberProfile(user.data)] : [];
        });
      }
    },
  };
}
