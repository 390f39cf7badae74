import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type MeetingKind, suggestKind } from '../../src/domain/meeting-kind.js';

interface Request {
  what: string;
  people: number;
  channel: boolean;
  kind: MeetingKind;
}

function load(name: 'tuning' | 'held-out'): Request[] {
  const url = new URL(`../../bench/data/meeting-requests/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Request[];
}

function shareRight(rows: readonly Request[]): number {
  const right = rows.filter(
    (r) => suggestKind({ what: r.what, people: r.people, viaChannel: r.channel }).kind === r.kind,
  );
  return right.length / rows.length;
}

const tuning = load('tuning');
const heldOut = load('held-out');
const count = (rows: readonly Request[], kind: MeetingKind) =>
  rows.filter((r) => r.kind === kind).length;

describe('the classifier table', () => {
  it('has at least 40 requests of each kind to tune on and 20 of each held out', () => {
    expect(count(tuning, 'transactional')).toBeGreaterThanOrEqual(40);
    expect(count(tuning, 'social')).toBeGreaterThanOrEqual(40);
    expect(count(heldOut, 'transactional')).toBe(20);
    expect(count(heldOut, 'social')).toBe(20);
    const tuned = new Set(tuning.map((r) => r.what.toLowerCase()));
    expect(heldOut.filter((r) => tuned.has(r.what.toLowerCase()))).toEqual([]);
  });

  it.each(tuning.map((r) => [r.kind, r.what, r] as const))('tuning: %s “%s”', (_k, _w, r) => {
    expect(suggestKind({ what: r.what, people: r.people, viaChannel: r.channel }).kind).toBe(
      r.kind,
    );
  });

  it('gets most held-out requests right (never tuned on: `npm run bench` prints the share)', () => {
    expect(shareRight(heldOut)).toBeGreaterThanOrEqual(0.85);
  });
});

describe('suggestKind', () => {
  it('says why, in the words the request used', () => {
    const decision = suggestKind({
      what: 'decide the launch date for v3',
      people: 3,
      viaChannel: false,
    });
    expect(decision.kind).toBe('transactional');
    expect(decision.reasons).toEqual([
      'it names an outcome: “decide”',
      'it is about work: “launch date”',
      'a small group (3 people)',
    ]);
    const drinks = suggestKind({ what: 'Friday drinks', people: 14, viaChannel: true });
    expect(drinks.kind).toBe('social');
    expect(drinks.reasons).toEqual([
      'it reads like a get-together: “drinks”, “friday”',
      'a whole channel is invited (14 people)',
    ]);
  });

  it('counts a named expected outcome and the agenda', () => {
    const vague = suggestKind({ what: 'Falcon', people: 6, viaChannel: false });
    expect(vague.reasons).toEqual(['nothing in it says what it is for']);
    const withOutcome = suggestKind({
      what: 'Falcon',
      outcome: 'a go/no-go for the pilot',
      people: 6,
      viaChannel: false,
    });
    expect(withOutcome.kind).toBe('transactional');
    expect(withOutcome.reasons[0]).toBe('you named an expected outcome');
  });

  it('asks for an agenda when nothing tells the kinds apart', () => {
    expect(suggestKind({ what: 'Falcon', people: 6, viaChannel: false }).kind).toBe(
      'transactional',
    );
  });
});
