/**
 * Writes what Mailroom holds about one member, as JSON, for a data request:
 *
 *   npm run export-member -- <user> [--out <file>]
 *
 * Reads DATABASE_PATH (from the environment or .env; default ./data/mailroom.db). Needs no
 * Slack tokens. The run goes into the audit trail.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repositoriesOf } from '../context.js';
import { openDatabaseForUpgrade } from '../core/store/db.js';
import { DEFAULT_DATABASE_PATH, databasePath, fail, failed, readArguments } from './args.js';
import { auditExport, exportCounts, memberExport, memberNamed } from './member-data.js';

const USAGE = `Usage: npm run export-member -- <user> [--out <file>]

Writes what Mailroom holds about a member as JSON: their profile, settings and hours, the
questions they asked and answered, queue items for them and from them, their standup answers
and blockers, the decisions they own or logged, the documents credited to them, and the audit
entries about them. <user> is a Slack user id (U0123ABCD) or their Slack name (@priya).
Without --out the JSON goes to standard output; --out writes it to <file>, which must not
exist yet (readable by its owner only). Each run goes into the audit trail.
Exits 2 when Mailroom does not know the member.
Uses DATABASE_PATH (default ${DEFAULT_DATABASE_PATH}); reads .env if present.`;

async function main(argv: readonly string[]): Promise<void> {
  const { target: who, flags } = readArguments(argv, USAGE, ['out']);
  const outArg = flags.out.at(-1);
  const out = outArg === undefined ? undefined : resolve(outArg);
  if (out !== undefined && existsSync(out)) {
    fail(`Cannot export: ${out} already exists; name a new file.`);
  }
  const { db } = await openDatabaseForUpgrade(databasePath());
  try {
    const ctx = { ...repositoriesOf(db), clock: () => Date.now() };
    const member = memberNamed(ctx, who, 'Nothing was exported.');
    if (!member) return;
    const data = memberExport(ctx, member);
    const json = `${JSON.stringify(data, null, 2)}\n`;
    const counts = exportCounts(data);
    if (out === undefined) {
      process.stdout.write(json);
    } else {
      writeFileSync(out, json, { flag: 'wx', mode: 0o600 });
    }
    auditExport(ctx, member, out ?? 'standard output', counts);
    if (out !== undefined) {
      const parts = Object.entries(counts)
        .map(([what, n]) => `${n} ${what.replace(/_/g, ' ')}`)
        .join(', ');
      process.stdout.write(
        `Exported what Mailroom holds about ${member.id} to ${out}: ${parts}.\n`,
      );
    }
  } finally {
    db.$client.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => failed('Export', error));
