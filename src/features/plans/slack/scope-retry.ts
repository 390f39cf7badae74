import type { WebClient } from '@slack/web-api';
import type { PlansContext } from '../context.js';
import { refusalOf } from './slack-sync.js';

/** The scope each of Slack's documents needs, as the manifest asks for it. */
export const CANVAS_SCOPE = 'canvases:write';
export const LIST_SCOPE = 'lists:write';

/** Slack's refusal when the app's token lacks the scope a method needs. */
const MISSING_SCOPE = 'missing_scope';

/** The granted scopes are looked at on start, then at most this often. */
export const SCOPE_CHECK_EVERY_MS = 24 * 60 * 60_000;

/** What one look at the granted scopes did: the canvases and Lists to make again. */
export interface ScopeRetried {
  canvases: number;
  lists: number;
}

/**
 * A canvas or List Slack refused because the app lacked its scope is made once the operator
 * grants it (and reinstalls): at the first tick after start, then at most once a day, auth.test
 * says which scopes the token has (Slack's `x-oauth-scopes` header, in `response_metadata`);
 * plans refused for a scope now granted are tried again, once each. Every other refusal stays
 * final, and a plan refused again after its retry is not tried a third time. The plan's owner is
 * not told again: the one DM about it already said there would be no other, and the canvas
 * shows in the channel's tabs and the List is shared with the channel when they are made.
 */
export class ScopeRetry {
  private checkedAt: number | undefined;

  /** `client` makes each call once. */
  constructor(
    private readonly client: WebClient,
    private readonly ctx: PlansContext,
  ) {}

  /** Looks at the granted scopes if it is time; undefined when it was not, or Slack did not answer. */
  async run(): Promise<ScopeRetried | undefined> {
    const { ctx } = this;
    const now = ctx.clock();
    if (this.checkedAt !== undefined && now - this.checkedAt < SCOPE_CHECK_EVERY_MS) {
      return undefined;
    }
    let scopes: readonly string[];
    try {
      const answer = await this.client.auth.test();
      scopes = answer.response_metadata?.scopes ?? [];
    } catch (error) {
      // Not answered, it is asked again at the next tick; refused, not before tomorrow.
      if (refusalOf(error) !== undefined) this.checkedAt = now;
      ctx.logger.warn('could not read the scopes granted to Mailroom (auth.test)', error);
      return undefined;
    }
    this.checkedAt = now;
    const retried = ctx.plans.inTransaction(() => ({
      canvases: scopes.includes(CANVAS_SCOPE)
        ? ctx.plans.canvases.retryRefused(MISSING_SCOPE, now).length
        : 0,
      lists: scopes.includes(LIST_SCOPE)
        ? ctx.plans.lists.retryRefused(MISSING_SCOPE, now).length
        : 0,
    }));
    if (retried.canvases + retried.lists > 0) {
      ctx.logger.info(
        `the scopes Mailroom was missing are granted: ${retried.canvases} plan canvas(es) and ${retried.lists} List(s) to make again`,
      );
    }
    return retried;
  }
}
