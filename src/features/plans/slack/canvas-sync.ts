import type { WebClient } from '@slack/web-api';
import { RateBuckets, SLACK_RATES } from '../../../core/domain/pace.js';
import { errorLine } from '../../../core/slack/failures.js';
import type { PlansContext } from '../context.js';
import { type PlanMarkdownNames, planMarkdown } from '../services/plan-markdown.js';
import { planRecord } from '../services/plan-record.js';
import type { PlanCanvas } from '../store/plan-canvas-repository.js';
import type { Plan } from '../store/plan-repository.js';
import {
  EDIT_EVERY_MS,
  OneRunAtATime,
  paced,
  refusalOf,
  TIER2,
  tellOwnerOnce,
} from './slack-sync.js';
import { canvasNote, noCanvasText } from './views/canvas.js';

/** At most one edit of a plan's canvas in this long: changes in between go in the next one. */
export const CANVAS_EDIT_EVERY_MS = EDIT_EVERY_MS;

/** A channel canvas refused for reasons a standalone canvas, shared with the channel, gets round. */
const CHANNEL_ONLY = [
  'channel_canvas_already_exists',
  'free_team_canvas_tab_already_exists',
  'team_tier_cannot_create_channel_canvases',
];

type Outcome = 'done' | 'later';

/**
 * Keeps each plan's canvas in Slack in step with the plan. A new plan's canvas is made once:
 * the channel's canvas where the workspace allows it, else a standalone canvas shared (read
 * only) with the plan's channel alone. After that, a plan whose canvas no longer shows it as
 * it is gets one `canvases.edit`, at most one every CANVAS_EDIT_EVERY_MS per plan, so a burst
 * of changes is one edit. Calls keep to each method's tier. A workspace without canvases keeps
 * everything else; the plan's owner is told once, in a DM through the delivery worker. Runs
 * beside the tick and after each request, one run at a time.
 */
export class PlanCanvasSync {
  private readonly create = new RateBuckets(TIER2);
  private readonly edit = new RateBuckets(SLACK_RATES.tier3);
  private readonly runs = new OneRunAtATime(() => this.syncAll());

  constructor(
    private readonly client: WebClient,
    private readonly ctx: PlansContext,
  ) {}

  /** Runs the sync now, or once more after the run under way. */
  run(): Promise<void> {
    return this.runs.run();
  }

  private async syncAll(): Promise<void> {
    const { canvases } = this.ctx.plans;
    for (const canvas of canvases.inStates(['pending', 'creating'])) {
      if ((await this.make(canvas)) === 'later') return;
    }
    for (const canvas of canvases.inStates(['live'])) {
      if ((await this.keep(canvas)) === 'later') return;
    }
  }

  /** People and channels as canvases mention them: each reader sees the names they know. */
  private readonly names: PlanMarkdownNames = {
    person: (userId) => `![](@${userId})`,
    channel: (channelId) => `![](#${channelId})`,
  };

  private markdownOf(plan: Plan): string {
    return planMarkdown(
      planRecord(this.ctx, plan, (id) => this.ctx.hooks.decisionLog()?.describe(id)),
      this.names,
      {
        canvas: { note: canvasNote(this.names.channel(plan.channelId)) },
      },
    );
  }

  private paced(bucket: RateBuckets, method: string): boolean {
    return paced(this.ctx, bucket, method);
  }

  /** Makes the plan's canvas: the channel's, else a standalone one shared with the channel. */
  private async make(canvas: PlanCanvas): Promise<Outcome> {
    const { ctx } = this;
    const plan = ctx.plans.get(canvas.planId);
    if (!plan) return 'done';
    if (!this.paced(this.create, 'conversations.canvases.create')) return 'later';
    const claimed = ctx.plans.canvases.update(plan.id, { state: 'creating' }, ctx.clock(), [
      'pending',
      'creating',
    ]);
    if (!claimed) return 'done';
    const markdown = this.markdownOf(plan);
    const content = { type: 'markdown' as const, markdown };
    let kind: 'channel' | 'standalone' = 'channel';
    let canvasId: string | undefined;
    try {
      const made = await this.client.conversations.canvases.create({
        channel_id: plan.channelId,
        title: plan.title,
        document_content: content,
      });
      canvasId = made.canvas_id;
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal === undefined) return this.retryLater(plan, error);
      if (!CHANNEL_ONLY.includes(refusal)) return this.noCanvas(plan, refusal);
      if (!this.paced(this.create, 'canvases.create')) {
        ctx.plans.canvases.update(plan.id, { state: 'pending' }, ctx.clock(), ['creating']);
        return 'later';
      }
      kind = 'standalone';
      try {
        const made = await this.client.canvases.create({
          title: plan.title,
          document_content: content,
        });
        canvasId = made.canvas_id;
      } catch (standaloneError) {
        const refused = refusalOf(standaloneError);
        if (refused === undefined) return this.retryLater(plan, standaloneError);
        return this.noCanvas(plan, refused);
      }
    }
    if (!canvasId) return this.noCanvas(plan, 'no_canvas_id');
    ctx.plans.canvases.update(
      plan.id,
      { state: 'live', kind, canvasId, markdown, editedAt: ctx.clock(), problem: null },
      ctx.clock(),
      ['creating'],
    );
    return kind === 'standalone' ? this.share(plan.id) : 'done';
  }

  /** A standalone canvas is shared, read only, with the plan's channel and nobody else. */
  private async share(planId: number): Promise<Outcome> {
    const { ctx } = this;
    const canvas = ctx.plans.canvases.get(planId);
    const plan = ctx.plans.get(planId);
    if (!canvas?.canvasId || !plan || canvas.shared) return 'done';
    if (!this.paced(this.edit, 'canvases.access.set')) return 'later';
    try {
      await this.client.canvases.access.set({
        canvas_id: canvas.canvasId,
        channel_ids: [plan.channelId],
        access_level: 'read',
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal === undefined) {
        ctx.logger.warn(`could not share the canvas of plan ${planId}: ${errorLine(error)}`);
        return 'done';
      }
      return this.noCanvas(plan, refusal, ['live']);
    }
    ctx.plans.canvases.update(planId, { shared: true }, ctx.clock(), ['live']);
    return 'done';
  }

  /** Edits the canvas when the plan changed since, at most once every CANVAS_EDIT_EVERY_MS. */
  private async keep(canvas: PlanCanvas): Promise<Outcome> {
    const { ctx } = this;
    if (canvas.kind === 'standalone' && !canvas.shared) {
      if ((await this.share(canvas.planId)) === 'later') return 'later';
    }
    const plan = ctx.plans.get(canvas.planId);
    if (!plan || !canvas.canvasId) return 'done';
    // A finished plan (every stage accepted) unchanged since its canvas was last written has
    // nothing new to show: it is not rendered again at every request.
    const stages = ctx.plans.stagesOf(plan.id);
    const changedAt = Math.max(plan.updatedAt, ...stages.map((s) => s.updatedAt));
    if (stages.every((s) => s.state === 'accepted') && changedAt <= canvas.updatedAt) {
      return 'done';
    }
    const markdown = this.markdownOf(plan);
    if (markdown === canvas.markdown) return 'done';
    const now = ctx.clock();
    if (canvas.editedAt !== null && now - canvas.editedAt < CANVAS_EDIT_EVERY_MS) return 'done';
    if (!this.paced(this.edit, 'canvases.edit')) return 'later';
    try {
      await this.client.canvases.edit({
        canvas_id: canvas.canvasId,
        changes: [{ operation: 'replace', document_content: { type: 'markdown', markdown } }],
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal === undefined) {
        ctx.logger.warn(`could not edit the canvas of plan ${plan.id}: ${errorLine(error)}`);
        return 'done';
      }
      return this.noCanvas(plan, refusal, ['live']);
    }
    ctx.plans.canvases.update(
      plan.id,
      { markdown, editedAt: ctx.clock(), edits: canvas.edits + 1 },
      ctx.clock(),
      ['live'],
    );
    return 'done';
  }

  private retryLater(plan: Plan, error: unknown): Outcome {
    this.ctx.logger.warn(`could not make the canvas of plan ${plan.id}: ${errorLine(error)}`);
    this.ctx.plans.canvases.update(plan.id, { state: 'pending' }, this.ctx.clock(), ['creating']);
    return 'later';
  }

  /** Slack refused the canvas: the plan keeps everything else, and its owner hears why, once. */
  private noCanvas(
    plan: Plan,
    problem: string,
    fromStates: readonly PlanCanvas['state'][] = ['creating'],
  ): Outcome {
    const { ctx } = this;
    const marked = ctx.plans.canvases.update(
      plan.id,
      { state: 'unavailable', problem },
      ctx.clock(),
      fromStates,
    );
    if (marked) {
      tellOwnerOnce(ctx, plan, `plan-canvas:${plan.id}:unavailable`, noCanvasText(plan, problem));
    }
    return 'done';
  }
}
