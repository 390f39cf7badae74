import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type MeetingKind,
  suggestKind,
} from '../../../../src/features/meetings/domain/meeting-kind.js';

interface Request {
  what: string;
  kind: MeetingKind;
}

function load(name: 'tuning' | 'held-out' | 'fresh'): Request[] {
  const url = new URL(`../../../../bench/data/meeting-requests/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Request[];
}

function shareRight(rows: readonly Request[]): number {
  const right = rows.filter((r) => suggestKind({ what: r.what }).kind === r.kind);
  return right.length / rows.length;
}

const tuning = load('tuning');
const heldOut = load('held-out');
const fresh = load('fresh');
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
    expect(fresh.length).toBeGreaterThanOrEqual(40);
    expect(count(fresh, 'social')).toBe(count(fresh, 'transactional'));
    const seen = new Set([...tuning, ...heldOut].map((r) => r.what.toLowerCase()));
    expect(fresh.filter((r) => seen.has(r.what.toLowerCase()))).toEqual([]);
  });

  it.each(tuning.map((r) => [r.kind, r.what, r] as const))('tuning: %s “%s”', (_k, _w, r) => {
    expect(suggestKind({ what: r.what }).kind).toBe(r.kind);
  });

  it.each(heldOut.map((r) => [r.kind, r.what, r] as const))('regression: %s “%s”', (_k, _w, r) => {
    expect(suggestKind({ what: r.what }).kind).toBe(r.kind);
  });

  it('gets most fresh requests right (never tuned on: `npm run bench` prints the share)', () => {
    expect(shareRight(fresh)).toBeGreaterThanOrEqual(0.85);
  });
});

describe('suggestKind', () => {
  it('says why, in the words the request used', () => {
    const decision = suggestKind({
      what: 'decide the launch date for v3',
    });
    expect(decision.kind).toBe('transactional');
    expect(decision.reasons).toEqual([
      'it names an outcome: “decide”',
      'it is about work: “launch date”',
    ]);
    const drinks = suggestKind({ what: 'Friday drinks' });
    expect(drinks.kind).toBe('social');
    expect(drinks.reasons).toEqual(['it reads like a get-together: “drinks”, “friday”']);
  });

  it('counts a named expected outcome and the agenda', () => {
    const vague = suggestKind({ what: 'Falcon' });
    expect(vague.reasons).toEqual(['nothing in it says what it is for']);
    const withOutcome = suggestKind({
      what: 'Falcon',
      outcome: 'a go/no-go for the pilot',
    });
    expect(withOutcome.kind).toBe('transactional');
    expect(withOutcome.reasons[0]).toBe('you named an expected outcome');
  });

  it.each([
    'Weihnachtsfeier im Büro',
    'cena de Navidad del equipo',
    'pot de départ de Marc',
    'vrijmibo',
    '忘年会',
    'दिवाली की दावत',
    'book club: Project Hail Mary',
    'dumplings and board games',
  ])('reads “%s” as social, whatever its language or its food', (what) => {
    expect(suggestKind({ what }).kind).toBe('social');
  });

  it.each([
    'lunch and learn: how the search service ranks results',
    'tech talk over lunch: the new deploy pipeline',
    'Planung der Datenbank-Migration',
    'revisión del contrato de hosting',
    '予算レビュー',
  ])('reads “%s” as transactional', (what) => {
    expect(suggestKind({ what }).kind).toBe('transactional');
  });

  it('asks for an agenda when nothing tells the kinds apart', () => {
    expect(suggestKind({ what: 'Falcon' }).kind).toBe('transactional');
  });
});
