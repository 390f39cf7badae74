import type { WebClient } from '@slack/web-api';
import { RateBuckets, SLACK_RATES } from '../../../core/domain/pace.js';
import { deliveryErrorOf } from '../../../core/slack/slack-errors.js';
import type { PlansContext } from '../context.js';
import { type PlanMarkdownNames, planMarkdown } from '../services/plan-markdown.js';
import { planRecord } from '../services/plan-record.js';
import type { PlanCanvas } from '../store/plan-canvas-repository.js';
import type { Plan } from '../store/plan-repository.js';
import { EDIT_EVERY_MS, OneRunAtATime, paced, TIER2, tellOwnerOnce } from './slack-sync.js';
import { canvasMarkOf, canvasNote, canvasTitle, noCanvasText } from './views/canvas.js';

/** At most one edit of a plan's canvas in this long: changes in between go in the next one. */
export const CANVAS_EDIT_EVERY_MS = EDIT_EVERY_MS;

/** A channel canvas refused for reasons a standalone canvas, shared with the channel, gets round. */
const CHANNEL_ONLY = [
  'channel_canvas_already_exists',
  'free_team_canvas_tab_already_exists',
  'team_tier_cannot_create_channel_canvases',
];

/**
 * Slack's answers that say it failed, not that it refuses: the call is tried again later (a
 * create looked for first, since Slack may have made the canvas before failing).
 */
const TRANSIENT = new Set([
  'service_unavailable',
  'request_timeout',
  'canvas_creation_failed',
  'channel_canvas_creation_failed',
  'canvas_tab_creation_failed',
]);

/** How long calls to a method wait after Slack said `ratelimited` without a Retry-After. */
const RATE_LIMIT_HOLD_MS = 60_000;

/** A lost canvas is looked for among the files made from this long before the attempt (clocks differ). */
const LOOK_BACK_MS = 60 * 60_000;

/** files.list pages read when looking for a lost standalone canvas, 100 files each. */
const LOOKUP_PAGES = 5;

/** What a failed call means for the canvas. */
type Failed =
  /** Slack refused: asking again gets the same answer. */
  | { kind: 'refused'; code: string }
  /** Rate limited: no call to the method until the hold ends. */
  | { kind: 'held' }
  /** No answer, a 5xx, a broken token: tried again at the next run. */
  | { kind: 'unanswered'; line: string };

/** What one plan's step left: the run goes on ('done'), or the rest waits for Slack's pace. */
type Outcome = 'done' | 'later';

/** A canvas Slack already holds for the plan: the one a lost answer made. */
interface Found {
  kind: 'channel' | 'standalone';
  canvasId: string;
}

/** What looking in Slack gave: the canvas, none, a look to make later, or a failure. */
type Looked = Found | 'none' | 'later' | 'failed';

/** People and channels as canvases mention them: each reader sees the names they know. */
const CANVAS_NAMES: PlanMarkdownNames = {
  person: (userId) => `![](@${userId})`,
  channel: (channelId) => `![](#${channelId})`,
};

/** The plan as its canvas shows it: the note on who keeps it, then each stage as it stands. */
export function canvasMarkdown(ctx: PlansContext, plan: Plan): string {
  return planMarkdown(
    planRecord(ctx, plan, (id) => ctx.hooks.decisionLog()?.describe(id)),
    CANVAS_NAMES,
    { canvas: { note: canvasNote(CANVAS_NAMES.channel(plan.channelId)) } },
  );
}

/**
 * Keeps each plan's canvas in Slack in step with the plan. A new plan's canvas is made once:
 * the channel's canvas where the workspace allows it, else a standalone canvas shared (read
 * only) with the plan's channel alone. Before each create call the attempt is recorded
 * (`creating`, with its kind and time); a canvas still `creating` at the next run is one whose
 * answer was lost (a timeout, a crash), and is looked for in Slack before it is made again: the
 * channel's canvas through conversations.info, a standalone one through files.list, each
 * recognised by the mark in its title and by its maker, Mailroom. After that, a plan whose
 * canvas no longer shows it as it is gets one `canvases.edit`, at most one every
 * CANVAS_EDIT_EVERY_MS per plan, so a burst of changes is one edit. Calls keep to each method's
 * tier and to Slack's Retry-After; the client makes each call once. A call that fails or hangs
 * costs its own plan that run and no more: the others go on. A workspace without canvases keeps
 * everything else; the plan's owner is told once, in a DM through the delivery worker. Runs
 * beside the tick and after each request, one run at a time.
 */
export class PlanCanvasSync {
  private readonly create = new RateBuckets(TIER2);
  private readonly edit = new RateBuckets(SLACK_RATES.tier3);
  private readonly lookups = new RateBuckets(SLACK_RATES.tier3);
  private readonly runs = new OneRunAtATime(() => this.syncAll());
  private me: string | undefined;

  /** `client` makes each call once and hands a 429 back (the sync owns retries and pace). */
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
      if ((await this.make(canvas)) === 'later') break;
    }
    for (const canvas of canvases.inStates(['live'])) {
      if ((await this.keep(canvas)) === 'later') break;
    }
  }

  private paced(bucket: RateBuckets, method: string): boolean {
    return paced(this.ctx, bucket, method);
  }

  /** What a failed call means; a rate limit holds every call to `method` until it ends. */
  private failed(error: unknown, bucket: RateBuckets, method: string): Failed {
    const failure = deliveryErrorOf(error, method);
    const code = failure.details.code;
    if (failure.failure === 'rate-limited' || code === 'ratelimited') {
      const ms = failure.details.retryAfterMs ?? RATE_LIMIT_HOLD_MS;
      bucket.holdUntil(method, this.ctx.clock() + ms);
      return { kind: 'held' };
    }
    const answered = failure.failure === 'not-sent' || failure.failure === 'unreachable';
    if (code !== undefined && answered && !TRANSIENT.has(code)) return { kind: 'refused', code };
    return { kind: 'unanswered', line: failure.message };
  }

  /** Makes the plan's canvas, once: a canvas whose answer was lost is looked for first. */
  private async make(canvas: PlanCanvas): Promise<Outcome> {
    const plan = this.ctx.plans.get(canvas.planId);
    if (!plan) return 'done';
    if (canvas.state === 'creating') {
      const looked = await this.lookFor(plan, canvas);
      if (looked === 'later') return 'later';
      if (looked === 'failed') return 'done';
      if (looked !== 'none') return this.adopt(plan, looked);
    }
    // A channel that refused its canvas is not asked again: the next try is standalone.
    if (canvas.kind !== 'standalone') {
      const channel = await this.makeChannelCanvas(plan);
      if (channel !== 'refused') return channel;
    }
    return this.makeStandalone(plan);
  }

  /** The channel's canvas; 'refused' when the channel cannot have it but a standalone one may do. */
  private async makeChannelCanvas(plan: Plan): Promise<Outcome | 'refused'> {
    const { ctx } = this;
    const method = 'conversations.canvases.create';
    if (!this.paced(this.create, method)) return 'later';
    if (!this.attempt(plan, 'channel')) return 'done';
    const markdown = canvasMarkdown(ctx, plan);
    let canvasId: string | undefined;
    try {
      const made = await this.client.conversations.canvases.create({
        channel_id: plan.channelId,
        title: canvasTitle(plan),
        document_content: { type: 'markdown', markdown },
      });
      canvasId = made.canvas_id;
    } catch (error) {
      const failed = this.failed(error, this.create, method);
      if (failed.kind === 'refused' && CHANNEL_ONLY.includes(failed.code)) return 'refused';
      return this.createFailed(plan, 'channel', failed);
    }
    return this.made(plan, 'channel', canvasId, markdown);
  }

  /** A canvas of its own, shared with the plan's channel once it is made. */
  private async makeStandalone(plan: Plan): Promise<Outcome> {
    const { ctx } = this;
    const method = 'canvases.create';
    if (!this.paced(this.create, method)) {
      ctx.plans.canvases.update(plan.id, { state: 'pending', kind: 'standalone' }, ctx.clock(), [
        'pending',
        'creating',
      ]);
      return 'later';
    }
    if (!this.attempt(plan, 'standalone')) return 'done';
    const markdown = canvasMarkdown(ctx, plan);
    let canvasId: string | undefined;
    try {
      const made = await this.client.canvases.create({
        title: canvasTitle(plan),
        document_content: { type: 'markdown', markdown },
      });
      canvasId = made.canvas_id;
    } catch (error) {
      return this.createFailed(plan, 'standalone', this.failed(error, this.create, method));
    }
    return this.made(plan, 'standalone', canvasId, markdown);
  }

  /**
   * Records, before the call, that a canvas of `kind` is being made now: a run that finds it
   * still so later knows Slack may hold it. False when the canvas is no longer to be made.
   */
  private attempt(plan: Plan, kind: 'channel' | 'standalone'): boolean {
    const { ctx } = this;
    const claimed = ctx.plans.canvases.update(plan.id, { state: 'creating', kind }, ctx.clock(), [
      'pending',
      'creating',
    ]);
    return claimed !== undefined;
  }

  /** Slack made the canvas: it is recorded at once, then a standalone one is shared. */
  private made(
    plan: Plan,
    kind: 'channel' | 'standalone',
    canvasId: string | undefined,
    markdown: string,
  ): Promise<Outcome> | Outcome {
    const { ctx } = this;
    if (!canvasId) return this.noCanvas(plan, 'no_canvas_id');
    ctx.plans.canvases.update(
      plan.id,
      { state: 'live', kind, canvasId, markdown, editedAt: ctx.clock(), problem: null },
      ctx.clock(),
      ['creating'],
    );
    return kind === 'standalone' ? this.share(plan.id) : 'done';
  }

  /** A create that failed: refused for good, held back by Slack's pace, or to look for later. */
  private createFailed(plan: Plan, kind: 'channel' | 'standalone', failed: Failed): Outcome {
    const { ctx } = this;
    if (failed.kind === 'refused') return this.noCanvas(plan, failed.code);
    if (failed.kind === 'held') {
      // Slack made nothing: the canvas is to make again, with no need to look first.
      ctx.plans.canvases.update(plan.id, { state: 'pending', kind }, ctx.clock(), ['creating']);
      return 'later';
    }
    // Slack may have made it: it stays `creating`, and the next run looks before it makes.
    ctx.logger.warn(`could not make the canvas of plan ${plan.id}: ${failed.line}`);
    return 'done';
  }

  /** The canvas a lost answer may have made, of the kind last attempted (either, when unknown). */
  private async lookFor(plan: Plan, canvas: PlanCanvas): Promise<Looked> {
    const kinds = canvas.kind ? [canvas.kind] : (['channel', 'standalone'] as const);
    for (const kind of kinds) {
      const looked =
        kind === 'channel'
          ? await this.channelCanvasOf(plan)
          : await this.standaloneCanvasOf(plan, canvas.updatedAt);
      if (looked !== 'none') return looked;
    }
    return 'none';
  }

  /** The channel's canvas, as conversations.info names it, when Mailroom made it for this plan. */
  private async channelCanvasOf(plan: Plan): Promise<Looked> {
    const method = 'conversations.info';
    if (!this.paced(this.lookups, method)) return 'later';
    let ids: string[];
    try {
      const info = await this.client.conversations.info({ channel: plan.channelId });
      ids = channelCanvasIds(info.channel);
    } catch (error) {
      return this.lookupFailed(plan, this.failed(error, this.lookups, method));
    }
    for (const id of ids) {
      const mine = await this.isMine(plan, id);
      if (mine !== false) return mine === true ? { kind: 'channel', canvasId: id } : mine;
    }
    return 'none';
  }

  /** Whether the file `id` is the canvas Mailroom made for `plan`: its maker and its title's mark. */
  private async isMine(plan: Plan, id: string): Promise<boolean | 'later' | 'failed'> {
    const me = await this.botUserId(plan);
    if (me === 'failed') return 'failed';
    const method = 'files.info';
    if (!this.paced(this.lookups, method)) return 'later';
    try {
      const { file } = await this.client.files.info({ file: id });
      return file?.user === me && (file.title ?? '').endsWith(canvasMarkOf(plan));
    } catch (error) {
      const looked = this.lookupFailed(plan, this.failed(error, this.lookups, method));
      return looked === 'none' ? false : looked;
    }
  }

  /**
   * The standalone canvas Mailroom made for the plan, among the files it made since shortly
   * before the attempt (`since`), newest first, by the mark in its title.
   */
  private async standaloneCanvasOf(plan: Plan, since: number): Promise<Looked> {
    const me = await this.botUserId(plan);
    if (me === 'failed') return 'failed';
    const method = 'files.list';
    const mark = canvasMarkOf(plan);
    const from = String(Math.max(0, Math.floor((since - LOOK_BACK_MS) / 1000)));
    for (let page = 1; page <= LOOKUP_PAGES; page++) {
      if (!this.paced(this.lookups, method)) return 'later';
      try {
        const listed = await this.client.files.list({ user: me, ts_from: from, count: 100, page });
        const found = listed.files?.find((file) => (file.title ?? '').endsWith(mark));
        if (found?.id) return { kind: 'standalone', canvasId: found.id };
        if (page >= (listed.paging?.pages ?? 1)) return 'none';
      } catch (error) {
        return this.lookupFailed(plan, this.failed(error, this.lookups, method));
      }
    }
    return 'none';
  }

  /**
   * A look that failed. Refused (a missing scope, a channel Mailroom left): nothing can be
   * found, and the canvas is made again. Otherwise it is looked for again at the next run.
   */
  private lookupFailed(plan: Plan, failed: Failed): 'none' | 'later' | 'failed' {
    const { logger } = this.ctx;
    if (failed.kind === 'held') return 'later';
    if (failed.kind === 'refused') {
      logger.warn(
        `could not look for the canvas of plan ${plan.id} (${failed.code}): making it again`,
      );
      return 'none';
    }
    logger.warn(`could not look for the canvas of plan ${plan.id}: ${failed.line}`);
    return 'failed';
  }

  /** Mailroom's own user in Slack (the maker of its canvases), asked once. */
  private async botUserId(plan: Plan): Promise<string | 'failed'> {
    if (this.me) return this.me;
    try {
      const { user_id: userId } = await this.client.auth.test();
      if (!userId) return 'failed';
      this.me = userId;
      return userId;
    } catch (error) {
      const failed = this.failed(error, this.lookups, 'auth.test');
      const line = failed.kind === 'refused' ? failed.code : 'no answer';
      this.ctx.logger.warn(`could not look for the canvas of plan ${plan.id}: auth.test ${line}`);
      return 'failed';
    }
  }

  /**
   * The canvas a lost answer made is the plan's: recorded as live with its content unknown, so
   * that the next step writes the plan into it (and shares a standalone one).
   */
  private adopt(plan: Plan, found: Found): Outcome {
    const { ctx } = this;
    ctx.plans.canvases.update(
      plan.id,
      {
        state: 'live',
        kind: found.kind,
        canvasId: found.canvasId,
        markdown: null,
        editedAt: null,
        problem: null,
      },
      ctx.clock(),
      ['creating'],
    );
    return 'done';
  }

  /** A standalone canvas is shared, read only, with the plan's channel and nobody else. */
  private async share(planId: number): Promise<Outcome> {
    const { ctx } = this;
    const canvas = ctx.plans.canvases.get(planId);
    const plan = ctx.plans.get(planId);
    if (!canvas?.canvasId || !plan || canvas.shared) return 'done';
    const method = 'canvases.access.set';
    if (!this.paced(this.edit, method)) return 'later';
    try {
      await this.client.canvases.access.set({
        canvas_id: canvas.canvasId,
        channel_ids: [plan.channelId],
        access_level: 'read',
      });
    } catch (error) {
      const failed = this.failed(error, this.edit, method);
      if (failed.kind === 'held') return 'later';
      if (failed.kind === 'refused') return this.noCanvas(plan, failed.code, ['live']);
      ctx.logger.warn(`could not share the canvas of plan ${planId}: ${failed.line}`);
      return 'done';
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
    const written = canvas.markdown !== null;
    if (written && stages.every((s) => s.state === 'accepted') && changedAt <= canvas.updatedAt) {
      return 'done';
    }
    const markdown = canvasMarkdown(ctx, plan);
    if (markdown === canvas.markdown) return 'done';
    const now = ctx.clock();
    if (canvas.editedAt !== null && now - canvas.editedAt < CANVAS_EDIT_EVERY_MS) return 'done';
    const method = 'canvases.edit';
    if (!this.paced(this.edit, method)) return 'later';
    try {
      await this.client.canvases.edit({
        canvas_id: canvas.canvasId,
        changes: [{ operation: 'replace', document_content: { type: 'markdown', markdown } }],
      });
    } catch (error) {
      const failed = this.failed(error, this.edit, method);
      if (failed.kind === 'held') return 'later';
      if (failed.kind === 'refused') return this.noCanvas(plan, failed.code, ['live']);
      // It may have reached the canvas, or not: what it holds is unknown, and the next edit
      // (the same or newer) waits its 10 s.
      ctx.logger.warn(`could not edit the canvas of plan ${plan.id}: ${failed.line}`);
      ctx.plans.canvases.update(plan.id, { editedAt: now, markdown: null }, now, ['live']);
      return 'done';
    }
    ctx.plans.canvases.update(
      plan.id,
      { markdown, editedAt: ctx.clock(), edits: canvas.edits + 1 },
      ctx.clock(),
      ['live'],
    );
    return 'done';
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

/** The canvases conversations.info names for a channel: its canvas, and its canvas tabs. */
function channelCanvasIds(channel: unknown): string[] {
  const properties = (channel as { properties?: Record<string, unknown> } | undefined)?.properties;
  const ids: string[] = [];
  const canvas = properties?.canvas as { file_id?: unknown } | undefined;
  if (typeof canvas?.file_id === 'string') ids.push(canvas.file_id);
  const tabs = Array.isArray(properties?.tabs) ? (properties.tabs as unknown[]) : [];
  for (const tab of tabs) {
    const { type, data } = tab as { type?: unknown; data?: { file_id?: unknown } };
    if (type === 'canvas' && typeof data?.file_id === 'string') ids.push(data.file_id);
  }
  return [...new Set(ids)];
}
