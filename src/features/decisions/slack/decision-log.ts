import type { WebClient } from '@slack/web-api';
import type { DecisionLog, DecisionToLog } from '../../../core/services/decision-log.js';
import { UserFacingError } from '../../../core/services/errors.js';
import type { DecisionsContext } from '../context.js';
import { DECISION_LIMITS } from '../domain/draft.js';
import { logDecision } from '../services/log.js';
import { postDecision } from './publisher.js';

const clip = (text: string, limit: number) =>
  text.length <= limit ? text : `${text.slice(0, limit - 1).trimEnd()}…`;

/**
 * The decision log other capabilities reach through the core's port: the decision is logged
 * accepted, as its owner, in its channel, naming where it came from (kept as the message it
 * was logged from), then posted there like any other. What the form would refuse comes back
 * as a problem in words, and nothing is stored.
 */
export function decisionLogOf(ctx: DecisionsContext, client: WebClient): DecisionLog {
  return {
    log(input: DecisionToLog) {
      const L = DECISION_LIMITS;
      const options = input.options.map((option) => ({
        name: clip(option.name, L.optionName),
        pros: clip(option.pros, L.optionPoint),
        cons: clip(option.cons, L.optionPoint),
        neutral: clip(option.neutral, L.optionPoint),
      }));
      try {
        const logged = logDecision(ctx, {
          userId: input.ownerId,
          channelId: input.channelId,
          supersedesId: input.supersedesId,
          context: {
            channelId: input.origin.channelId,
            ts: input.origin.ts,
            permalink: input.origin.link,
            text: input.origin.text,
          },
          draft: {
            title: clip(input.title, L.title),
            why: clip(input.why, L.why),
            options,
            chosen: clip(input.chosen, L.optionName),
            chosenBecause: clip(input.chosenBecause, L.chosenBecause),
            tradeOff: clip(input.tradeOff, L.tradeOff),
            ownerIds: [input.ownerId],
            status: 'accepted',
          },
        });
        ctx.work.start('posting a decision', postDecision(client, ctx, logged.decision));
        return { ok: true, decisionId: logged.decision.id };
      } catch (error) {
        if (error instanceof UserFacingError) {
          return { ok: false, problem: error.words };
        }
        throw error;
      }
    },
    describe(decisionId) {
      const decision = ctx.decisions.get(decisionId);
      if (!decision) return undefined;
      return { title: decision.title, status: decision.status, link: decision.permalink };
    },
  };
}
