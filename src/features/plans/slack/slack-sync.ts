import type { Rate, RateBuckets } from '../../../core/domain/pace.js';
import { enqueuePost } from '../../../core/services/posts.js';
import type { PlansContext } from '../context.js';
import type { Plan } from '../store/plan-repository.js';

/**
 * What keeping a plan's canvas and its List in step share: one run at a time, each method's
 * tier, Slack's refusals told apart from failures to reach it, and the owner told once.
 */

/** At most one round of edits of a plan's canvas, or of its List, in this long. */
export const EDIT_EVERY_MS = 10_000;

/** Slack's Tier 2 (the create methods, slackLists.items.delete): 20 or more a minute. */
export const TIER2: Rate = { perMinute: 20, burst: 5 };

/** Slack's error code for a call it refused, or undefined for a failure to reach it. */
export function refusalOf(error: unknown): string | undefined {
  const code = (error as { code?: string }).code;
  if (code !== 'slack_webapi_platform_error') return undefined;
  return (error as { data?: { error?: string } }).data?.error ?? 'unknown_error';
}

/** Whether `bucket` lets one more call to `method` go now (and spends it). */
export function paced(ctx: PlansContext, bucket: RateBuckets, method: string): boolean {
  const now = ctx.clock();
  if (bucket.waitMs(method, now) > 0) return false;
  bucket.take(method, now);
  return true;
}

/** Runs `work` now, or once more after the run under way: never two at once. */
export class OneRunAtATime {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly work: () => Promise<void>) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.work();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}

/** The plan's owner hears, in one DM through the delivery worker, once per `key`. */
export function tellOwnerOnce(ctx: PlansContext, plan: Plan, key: string, text: string): void {
  enqueuePost(ctx, { channelId: plan.ownerId, message: { text }, key });
}
