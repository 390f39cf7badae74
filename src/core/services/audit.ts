import {
  AUDIT_PAGE_SIZE,
  type AuditActor,
  type AuditPage,
  auditPageNumber,
  type NewAuditEntry,
} from '../domain/audit.js';
import { requireAdmin } from './authorization.js';
import type { ServiceContext } from './context.js';
import { UserFacingError } from './errors.js';

export const AUDIT_PURPOSE = 'read the audit trail';

export const AUDIT_USAGE =
  '`/mailroom audit` shows the latest changes; `/mailroom audit 2` the page before them.';

type AuditContext = Pick<ServiceContext, 'audit' | 'clock'>;

/** A Slack user as the trail names them. */
export const slackActor = (userId: string): AuditActor => ({ kind: 'slack', userId });

/** Adds one entry to the audit trail, now. */
export function recordAudit(ctx: AuditContext, entry: NewAuditEntry): void {
  ctx.audit.record(entry, ctx.clock());
}

/**
 * `/mailroom audit [page]`: a page of the trail, newest first, for team admins only (the same
 * people who change the team settings). A page past the last is the last.
 */
export function readAudit(
  ctx: Pick<ServiceContext, 'audit' | 'members' | 'settings'>,
  userId: string,
  text: string,
): AuditPage {
  requireAdmin(ctx, userId, AUDIT_PURPOSE);
  const asked = auditPageNumber(text);
  if (asked === undefined) throw new UserFacingError(AUDIT_USAGE);
  const total = ctx.audit.count();
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(asked, pages);
  return {
    entries: ctx.audit.newest(AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE),
    page,
    pages,
    total,
  };
}
