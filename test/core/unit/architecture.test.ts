import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULE_STATE } from '../../../src/core/module-state.js';
import {
  COMPOSITION_ROOT,
  capabilityBoundaries,
  DATABASE_HANDLE_EXCEPTIONS,
  databaseHandle,
  layering,
  mentionSyntax,
  moduleState,
  readSources,
  type Source,
  type Violation,
} from '../../support/architecture-rules.js';

type Rule = 'layering' | 'databaseHandle' | 'mentionSyntax' | 'capabilityBoundaries';

const RULES: Record<Rule, (sources: readonly Source[]) => Violation[]> = {
  layering,
  databaseHandle,
  mentionSyntax,
  capabilityBoundaries,
};

const sources = readSources(join(import.meta.dirname, '..', '..', '..'));

const described = (violations: readonly Violation[]) =>
  violations.map((v) => `${v.file}: ${v.what}`);

/** What breaks a rule in src. */
function brokenIn(rule: Rule): string[] {
  return described(RULES[rule](sources));
}

/** Each rule is also run on planted violations: see architecture-rules.test.ts. */
describe('architecture of src', () => {
  describe('layering: domain < store < services < slack, in the core and each capability', () => {
    it('holds in src', () => {
      expect(brokenIn('layering')).toEqual([]);
    });
  });

  describe('only store modules touch the database handle', () => {
    it('holds in src, with each exception given a reason', () => {
      expect(brokenIn('databaseHandle')).toEqual([]);
      for (const exception of DATABASE_HANDLE_EXCEPTIONS) expect(exception.reason).not.toBe('');
    });
  });

  describe('no <@, <# or <! in literals outside the Slack modules', () => {
    it('holds in src', () => {
      expect(brokenIn('mentionSyntax')).toEqual([]);
    });
  });

  describe("capabilities do not import each other's insides", () => {
    it('holds in src, with the composition root listed and each given a reason', () => {
      expect(brokenIn('capabilityBoundaries')).toEqual([]);
      for (const root of COMPOSITION_ROOT) expect(root.reason).not.toBe('');
    });
  });

  describe("module-level mutable state appears only in the core's list", () => {
    it('holds in src, and every entry of the list is still state', () => {
      expect(described(moduleState(sources, MODULE_STATE))).toEqual([]);
      for (const entry of MODULE_STATE) expect(entry.share).not.toBe('');
    });
  });
});
