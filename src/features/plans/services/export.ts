import { mkdir, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { nameOf } from '../../../core/domain/member.js';
import { type FileWritten, writeIfChanged } from '../../../core/services/export-files.js';
import type { PlansContext } from '../context.js';
import { isPlanFileOf, planFileName } from '../domain/file-names.js';
import { STAGE_NAMES, STATE_NAMES } from '../domain/plan.js';
import type { Plan } from '../store/plan-repository.js';
import { type PlanMarkdownNames, planMarkdown } from './plan-markdown.js';
import { type LoggedDecision, planRecord } from './plan-record.js';

/** The export's index: every plan it wrote, with its channel, owner, target date and stages. */
export const PLANS_INDEX_FILE = 'index.md';

type ExportContext = Pick<PlansContext, 'plans' | 'channels' | 'members' | 'reviews'>;

export interface PlanExportOptions {
  /** Plans of private channels and direct conversations are exported too. */
  includePrivate?: boolean;
  /** The title, status and link of a decision a how was logged as. */
  describeDecision?: (decisionId: number) => LoggedDecision | undefined;
}

export interface PlanExportSummary {
  /** File names, relative to the folder. */
  added: string[];
  updated: string[];
  unchanged: string[];
  /** Plans of private conversations, left out without includePrivate. */
  leftOutPrivate: number;
  /** What became of the index file. */
  index: FileWritten;
}

/**
 * Writes one Markdown file per plan into `folder` (planMarkdown), named by the plan's number and
 * title (`plan-0007-launch-the-partner-api.md`), and an index of them. Exporting again rewrites
 * only the files of plans that changed; a plan whose title changed keeps its number, and its
 * file is renamed, never duplicated. Plans of private conversations are left out unless
 * `includePrivate` is set.
 */
export async function exportPlans(
  ctx: ExportContext,
  folder: string,
  options: PlanExportOptions = {},
): Promise<PlanExportSummary> {
  await mkdir(folder, { recursive: true });
  const existing = await readdir(folder);
  const summary: PlanExportSummary = {
    added: [],
    updated: [],
    unchanged: [],
    leftOutPrivate: 0,
    index: 'unchanged',
  };
  const names = namesFor(ctx);
  const exported: { plan: Plan; file: string }[] = [];
  for (const plan of ctx.plans.all()) {
    const channel = ctx.channels.get(plan.channelId);
    const isPublic = channel !== undefined && !channel.isPrivate && !channel.isIm;
    if (!isPublic && !options.includePrivate) {
      summary.leftOutPrivate += 1;
      continue;
    }
    const file = planFileName(plan.id, plan.title);
    const earlier = existing.find((name) => isPlanFileOf(name, plan.id) && name !== file);
    if (earlier && !existing.includes(file))
      await rename(join(folder, earlier), join(folder, file));
    const written = await writeIfChanged(
      join(folder, file),
      planMarkdown(planRecord(ctx, plan, options.describeDecision), names),
    );
    (written === 'added'
      ? summary.added
      : written === 'updated'
        ? summary.updated
        : summary.unchanged
    ).push(file);
    exported.push({ plan, file });
  }
  summary.index = await writeIfChanged(
    join(folder, PLANS_INDEX_FILE),
    indexMarkdown(ctx, exported, names),
  );
  return summary;
}

const cell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

function indexMarkdown(
  ctx: ExportContext,
  exported: readonly { plan: Plan; file: string }[],
  names: PlanMarkdownNames,
): string {
  const lines = ['# Plans', '', 'Each plan’s why, what and how, exported from Mailroom.', ''];
  if (exported.length === 0) {
    lines.push('No plans are exported yet.');
  } else {
    lines.push(
      '| Plan | Channel | Owner | Target date | Stages |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const { plan, file } of exported) {
      const stages = ctx.plans
        .stagesOf(plan.id)
        .map((s) => `${STAGE_NAMES[s.stage]}: ${STATE_NAMES[s.state]}`)
        .join(', ');
      lines.push(
        `| [${cell(plan.title)}](${file}) | ${cell(names.channel(plan.channelId))} | ${cell(names.person(plan.ownerId))} | ${plan.targetDate} | ${stages} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function namesFor(ctx: ExportContext): PlanMarkdownNames {
  return {
    person: (userId) => {
      const member = ctx.members.get(userId);
      return member ? nameOf(member) : userId;
    },
    channel: (channelId) => {
      const channel = ctx.channels.get(channelId);
      return channel?.name ? `#${channel.name}` : channelId;
    },
  };
}
