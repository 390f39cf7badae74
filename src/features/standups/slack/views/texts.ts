import type { StandupTexts } from '../../services/ports.js';

/** The standup services' refusals and notices that name someone or a channel, in mrkdwn. */
export const standupTexts: StandupTexts = {
  mailroomNotInChannel: (channelId) =>
    `I’m not in <#${channelId}>, so I can’t post its standup there. Type \`/invite @Mailroom\` in the channel, then save again.`,
  notInChannel: (memberIds) =>
    `${memberIds.map((id) => `<@${id}>`).join(', ')} ${memberIds.length === 1 ? 'is' : 'are'} not in this channel, so they could not see the standup. Invite them, or pick others.`,
  cannotTakeBlockers: (memberId) =>
    `I can’t send blockers to <@${memberId}>. Pick a current member of the team.`,
  cannotSeeStandup: (memberId, channelId) =>
    `<@${memberId}> can’t see <#${channelId}>, where this standup is. Pick someone in it.`,
  blockerResolved: (resolverId, channelId) =>
    `<@${resolverId}> marked your blocker from the standup in <#${channelId}> resolved.`,
  pausedForChannel: (channelId, reason) =>
    `I paused your standup in <#${channelId}> because ${reason}. Nobody is asked meanwhile. Once I can post there again (unarchive the channel, or \`/invite @Mailroom\`), resume it with \`/standup\` in the channel.`,
};
