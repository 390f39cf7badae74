import { describe, expect, it } from 'vitest';
import {
  capabilityBoundaries,
  databaseHandle,
  layering,
  mentionSyntax,
  moduleState,
  moduleStateIn,
  type Source,
  type Violation,
} from '../../support/architecture-rules.js';
import { scan } from '../../support/typescript-text.js';

const described = (violations: readonly Violation[]) =>
  violations.map((v) => `${v.file}: ${v.what}`);

/** The files a rule finds broken among planted sources. */
function filesBreaking(
  rule: (sources: readonly Source[]) => Violation[],
  planted: readonly Source[],
): string[] {
  return [...new Set(rule(planted).map((v) => v.file))].sort();
}

/** Each architecture rule fails on a planted violation and lets the allowed cases pass. */
describe('architecture rules', () => {
  describe('layering', () => {
    it('fails on planted violations, and passes imports down the layers', () => {
      const planted: Source[] = [
        {
          file: 'src/features/standups/domain/clock.ts',
          text: "import { z } from 'zod';\nexport const today = () => new Date();\nconst t = Date.now();\n",
        },
        {
          file: 'src/features/standups/domain/slack.ts',
          text: "import type { App } from '@slack/bolt';\n",
        },
        {
          file: 'src/core/domain/logs.ts',
          text: "import { createLogger } from '../logger.js';\n",
        },
        {
          file: 'src/features/standups/store/up.ts',
          text: "import { saveAnswer } from '../services/answers.js';\n",
        },
        {
          file: 'src/features/ask/services/view.ts',
          text: "import { blocks } from '../../../core/slack/views/blocks.js';\n",
        },
        {
          file: 'src/core/services/sqlite.ts',
          text: "import type Database from 'better-sqlite3';\n",
        },
        {
          file: 'src/features/ask/slack/fine.ts',
          text: [
            "import type { App } from '@slack/bolt';",
            "import { ask } from '../services/ask.js';",
            "import { routeOf } from '../../../core/domain/routing.js';",
            "import { QueueRepository } from '../../../core/store/queue-repository.js';",
            "import { config } from '../../../core/config.js';",
            '// Date.now() in a comment is no clock',
            '',
          ].join('\n'),
        },
        {
          file: 'src/features/ask/domain/fine.ts',
          text: "import { isOpen } from '../../../core/domain/queue.js';\nexport const at = (now: number) => new Date(now);\n",
        },
      ];
      expect(filesBreaking(layering, planted)).toEqual([
        'src/core/domain/logs.ts',
        'src/core/services/sqlite.ts',
        'src/features/ask/services/view.ts',
        'src/features/standups/domain/clock.ts',
        'src/features/standups/domain/slack.ts',
        'src/features/standups/store/up.ts',
      ]);
      expect(described(layering(planted.slice(0, 1)))).toEqual([
        'src/features/standups/domain/clock.ts: domain reads the clock (new Date())',
      ]);
    });
  });

  describe('the database handle', () => {
    it('fails on planted violations, and lets the store and the composition root hold it', () => {
      const planted: Source[] = [
        {
          file: 'src/features/standups/services/tx.ts',
          text: 'export const run = (ctx: Ctx) => ctx.db.$client.transaction(() => 1)();\n',
        },
        {
          file: 'src/core/services/worker.ts',
          text: "const version = db.$client.pragma('data_version');\n",
        },
        {
          file: 'src/features/ask/slack/raw.ts',
          text: 'export const rows = (deps: Deps) => deps.db.select().from(t).all();\n',
        },
        {
          file: 'src/features/meetings/services/orm.ts',
          text: "import { eq } from 'drizzle-orm';\n",
        },
        {
          file: 'src/core/services/driver.ts',
          text: "import Database from 'better-sqlite3';\n",
        },
        {
          file: 'src/features/standups/store/fine.ts',
          text: "import { eq } from 'drizzle-orm';\nconst tx = this.db.$client.transaction(work);\n",
        },
        {
          file: 'src/core/store/fine.ts',
          text: "import Database from 'better-sqlite3';\nexport const open = () => new Database(':memory:');\n",
        },
        { file: 'src/cli/fine.ts', text: 'db.$client.close();\n' },
        { file: 'src/context.ts', text: 'const sqlite = db.$client;\n' },
        { file: 'src/app.ts', text: 'const sqlite = db.$client;\n' },
        {
          file: 'src/core/services/fine.ts',
          text: "// the repository runs ctx.db.$client.transaction\nconst note = 'ctx.db.$client';\n",
        },
      ];
      expect(filesBreaking(databaseHandle, planted)).toEqual([
        'src/app.ts',
        'src/core/services/driver.ts',
        'src/core/services/worker.ts',
        'src/features/ask/slack/raw.ts',
        'src/features/meetings/services/orm.ts',
        'src/features/standups/services/tx.ts',
      ]);
    });
  });

  describe('mention syntax', () => {
    it('fails on planted violations in strings and templates, nested or not', () => {
      const planted: Source[] = [
        {
          file: 'src/features/ask/services/user.ts',
          text: `export const asked = (id: string) => \`<@\${id}> asked\`;\n`,
        },
        {
          file: 'src/core/services/channel.ts',
          text: "export const where = (id: string) => 'in <#' + id + '>';\n",
        },
        {
          file: 'src/features/standups/domain/here.ts',
          text: 'export const everyone = "<!here> standup";\n',
        },
        {
          file: 'src/features/meetings/services/nested.ts',
          text: `export const t = (a: string, b?: string) => \`for \${a}\${b ? \` and \${\`<@\${b}>\`}\` : ''}.\`;\n`,
        },
        {
          file: 'src/core/domain/fine.ts',
          text: [
            '// Slack writes a mention as <@U123>, a channel as <#C1|name>, <!here> for all.',
            '/* <@U1> */',
            'export const MENTION = /<@([A-Z0-9]+)(?:\\|[^>]*)?>/g;',
            'export const split = (text: string) => text.split(/<#|>/).map((s) => s.trim());',
            'export const half = (n: number) => n / 2 / 1;',
            `export const less = (a: number, b: number) => \`\${a < b ? 'less' : \`\${a}@\`}\`;`,
            '',
          ].join('\n'),
        },
        {
          file: 'src/core/slack/views/fine.ts',
          text: `export const m = (id: string) => \`<@\${id}>\`;\n`,
        },
        {
          file: 'src/features/decisions/slack/views/fine.ts',
          text: "export const all = '<!channel>';\n",
        },
      ];
      expect(filesBreaking(mentionSyntax, planted)).toEqual([
        'src/core/services/channel.ts',
        'src/features/ask/services/user.ts',
        'src/features/meetings/services/nested.ts',
        'src/features/standups/domain/here.ts',
      ]);
    });

    it('reads string and template literals apart from code, comments and regexes', () => {
      const text = [
        `const a = \`x\${\`<@\${id}>\`}y\` + 'z'; // <@no`,
        'const r = /<#[^/]*\\//g.test(s) ? a / 2 : "q";',
        `const o = \`\${ {k: \`w\`}.k }\`;`,
      ].join('\n');
      const { code, literals } = scan(text);
      expect(literals.map((l) => [l.text, l.line])).toEqual([
        ['x', 1],
        ['<@', 1],
        ['>', 1],
        ['y', 1],
        ['z', 1],
        ['q', 2],
        ['', 3],
        ['w', 3],
        ['', 3],
      ]);
      expect(code.length).toBe(text.length);
      expect(code).not.toMatch(/<|no|#/);
      expect(code.split('\n')[1]).toMatch(/^const r = \/ +\/g\.test\(s\) \? a \/ 2 : " "/);
    });
  });

  describe('capability boundaries', () => {
    it('fails on planted violations, and lets the composition root know every capability', () => {
      const planted: Source[] = [
        {
          file: 'src/features/decisions/slack/listeners/buttons.ts',
          text: "import { publishHome } from '../../../home/slack/publish-home.js';\n",
        },
        {
          file: 'src/core/services/people.ts',
          text: "import { reschedule } from '../../features/standups/services/schedule.js';\n",
        },
        {
          file: 'src/core/jobs/tick.ts',
          text: "const { runStandups } = await import('../../features/standups/services/run.js');\n",
        },
        {
          file: 'src/core/domain/upward.ts',
          text: "import type { Mailroom } from '../../app.js';\n",
        },
        {
          file: 'src/slack/listeners/commands/index.ts',
          text: "import { registerAskCommand } from '../../../features/ask/slack/listeners/ask-command.js';\n",
        },
        {
          file: 'src/features/ask/slack/fine.ts',
          text: [
            "import { ask } from '../services/ask.js';",
            "import { blocks } from '../../../core/slack/views/blocks.js';",
            "import type { App } from '@slack/bolt';",
            '',
          ].join('\n'),
        },
        {
          file: 'src/app.ts',
          text: "import { register } from './features/standups/slack/listeners/standup-command.js';\n",
        },
        {
          file: 'src/cli/export-decisions.ts',
          text: "import { exportDecisions } from '../features/decisions/services/export.js';\n",
        },
      ];
      expect(filesBreaking(capabilityBoundaries, planted)).toEqual([
        'src/core/domain/upward.ts',
        'src/core/jobs/tick.ts',
        'src/core/services/people.ts',
        'src/features/decisions/slack/listeners/buttons.ts',
        'src/slack/listeners/commands/index.ts',
      ]);
    });
  });

  describe('module state', () => {
    it('finds a top-level let, and any value the module writes after load', () => {
      const text = [
        'let count = 0;',
        'export let current: string | undefined;',
        'const cache = new Map<string, number>();',
        'const seen = new WeakSet<object>();',
        'const names: string[] = [];',
        'const totals = { sent: 0 };',
        'const byId: Record<string, number> = {};',
        'export class Pool {',
        '  static made = 0;',
        '  private static readonly all = new Set<Pool>();',
        '  private static readonly LIMIT = 3;',
        '  static of(): Pool {',
        '    Pool.all.add(new Pool());',
        '    return new Pool();',
        '  }',
        '}',
        'export function remember(key: string, object: object): void {',
        '  cache.set(key, 1);',
        '  seen.add(object);',
        '  names.push(key);',
        '  totals.sent++;',
        '  byId[key] = 2;',
        '}',
        '',
      ].join('\n');
      expect(
        moduleStateIn({ file: 'src/core/services/state.ts', text }).map((s) => s.name),
      ).toEqual([
        'count',
        'current',
        'cache',
        'seen',
        'names',
        'totals',
        'byId',
        'Pool.made',
        'Pool.all',
      ]);
    });

    it('leaves out constants, tables built at load, and state inside functions', () => {
      const text = [
        "const GONE = new Set(['is_archived', 'not_in_channel']);",
        'const TABLE = new Map<string, number>();',
        "TABLE.set('a', 1);",
        "for (const word of ['b', 'c']) TABLE.set(word, 2);",
        'export function count(words: string[]): number {',
        '  let n = 0;',
        '  const local = new Map<string, number>();',
        '  for (const w of words) local.set(w, (local.get(w) ?? 0) + 1);',
        '  for (let i = 0; i < words.length; i++) n += GONE.has(words[i] ?? "") ? 1 : 0;',
        '  return n + local.size + (TABLE.get("a") ?? 0);',
        '}',
        "// let ghost = 1; cache.set('x', 1)",
        "const text = 'let a = 1';",
        '',
      ].join('\n');
      expect(moduleStateIn({ file: 'src/core/domain/fine.ts', text })).toEqual([]);
    });

    it('fails on state missing from the list, and on a listed entry that is no longer state', () => {
      const planted: Source[] = [
        { file: 'src/features/meetings/services/votes.ts', text: 'let lastVote = 0;\n' },
        { file: 'src/core/services/fine.ts', text: 'let listed = 0;\n' },
      ];
      const listed = [
        { file: 'src/core/services/fine.ts', name: 'listed' },
        { file: 'src/core/services/gone.ts', name: 'cache' },
      ];
      expect(described(moduleState(planted, listed))).toEqual([
        "src/features/meetings/services/votes.ts: keeps module state in lastVote (line 1), not in the core's list",
        'src/core/services/gone.ts: is listed as keeping cache, which is no longer module state there',
      ]);
    });
  });
});
