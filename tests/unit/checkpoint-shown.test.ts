import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PageFacts } from '@/lib/checkpoints/detect';
import {
  MAX_SHOWN_PER_CHECKPOINT,
  MAX_SHOWN_PER_MINUTE,
  SHOWN_HISTORY_MS,
  SHOWN_VISIT_MS,
  type ShownBefore,
  type ShownEntry,
  shouldRecordShown,
  shownKey,
} from '@/lib/checkpoints/shown';

const FACTS: PageFacts = {
  profileId: 'hrd-generic',
  ruleId: 'hrd-generic',
  kind: 'session',
  mode: 'hrdMotp',
  courseId: 'c1',
  courseTitle: '전기기능사',
  session: 9,
  traineeName: '홍길동',
  traineePhone: null,
  pageAttemptsLeft: null,
};
const ORIGIN = 'https://lms.example.kr';
const NOW = 1_800_000_000_000;
const MINUTE = 60_000;

/** The history's entry for FACTS' checkpoint, `ago` before now. */
const shownAgo = (ago: number, facts: PageFacts = FACTS): ShownEntry => ({
  at: NOW - ago,
  profileId: facts.profileId,
  kind: facts.kind,
  courseId: facts.courseId,
  session: facts.session,
});
const record = (
  recentShown: readonly ShownEntry[],
  {
    before = null,
    facts = FACTS,
    origin = ORIGIN,
  }: { before?: ShownBefore | null; facts?: PageFacts; origin?: string } = {},
) => shouldRecordShown({ before, origin, facts, now: NOW, recentShown });

describe('one "shown" entry per checkpoint visit', () => {
  it('the first time, yes; the same checkpoint again in the same visit, from any tab, no', () => {
    expect(record([])).toBe(true);
    // Another tab (no `before` of its own), a popup, a frame: the history already has it.
    expect(record([shownAgo(1000)])).toBe(false);
    expect(record([shownAgo(SHOWN_VISIT_MS - 1)])).toBe(false);
    // The same tab after a flicker that showed nothing in between.
    const flickered = { origin: ORIGIN, facts: null, at: NOW - 5 };
    expect(record([shownAgo(2000)], { before: flickered })).toBe(false);
  });

  it('re-read facts that differ in what the page says of the trainee, or in the rule, are the same checkpoint', () => {
    const reread = { ...FACTS, traineeName: null, pageAttemptsLeft: 4, ruleId: 'hrd-generic-popup' };
    expect(record([shownAgo(1000)], { facts: reread })).toBe(false);
    expect(shownKey(reread)).toBe(shownKey(FACTS));
  });

  it('another checkpoint, or a later visit, is a new entry', () => {
    const recent = [shownAgo(1000)];
    expect(record(recent, { facts: { ...FACTS, session: 17 } })).toBe(true);
    expect(record(recent, { facts: { ...FACTS, kind: 'exam' } })).toBe(true);
    expect(record(recent, { facts: { ...FACTS, courseId: 'c2' } })).toBe(true);
    expect(record(recent, { facts: { ...FACTS, profileId: 'demo-lms' } })).toBe(true);
    expect(record([shownAgo(SHOWN_VISIT_MS)])).toBe(true);
    // A clock that went back is not "the same visit" either.
    expect(record([shownAgo(-5000)])).toBe(true);
  });

  it('a tab that has seen the checkpoint all along keeps it one visit, however long the stay', () => {
    const stayed = { origin: ORIGIN, facts: FACTS, at: NOW - 2000 };
    expect(record([shownAgo(3 * SHOWN_VISIT_MS)], { before: stayed })).toBe(false);
    // Unless the tab went elsewhere (another origin came between), or stopped seeing it long ago.
    expect(record([], { before: { ...stayed, origin: 'https://sso.example.kr' } })).toBe(true);
    expect(record([], { before: { ...stayed, at: NOW - SHOWN_VISIT_MS } })).toBe(true);
    expect(record([], { before: { ...stayed, facts: { ...FACTS, session: 1 } } })).toBe(true);
  });
});

describe('the caps on "shown" entries', () => {
  it('at most MAX_SHOWN_PER_CHECKPOINT visits of one checkpoint a day', () => {
    const visits = (count: number) =>
      Array.from({ length: count }, (_, i) => shownAgo(SHOWN_VISIT_MS + (i + 1) * 30 * MINUTE));
    expect(record(visits(MAX_SHOWN_PER_CHECKPOINT - 1))).toBe(true);
    expect(record(visits(MAX_SHOWN_PER_CHECKPOINT))).toBe(false);
    // Other checkpoints are not held back by this one's cap, and a day later it is free again.
    expect(record(visits(MAX_SHOWN_PER_CHECKPOINT), { facts: { ...FACTS, session: 17 } })).toBe(true);
    const yesterday = visits(MAX_SHOWN_PER_CHECKPOINT).map((entry) => ({
      ...entry,
      at: entry.at - SHOWN_HISTORY_MS,
    }));
    expect(record(yesterday)).toBe(true);
  });

  it('never more than MAX_SHOWN_PER_MINUTE a minute of all checkpoints, whatever came before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MAX_SHOWN_PER_MINUTE, max: 200 }),
        fc.boolean(),
        fc.integer({ min: 0, max: MINUTE - 1 }),
        (count, fresh, spread) => {
          const others = Array.from({ length: count }, (_, i) =>
            shownAgo(i % spread || 0, { ...FACTS, session: 100 + i }),
          );
          const before = fresh ? null : { origin: ORIGIN, facts: { ...FACTS, session: 1 }, at: NOW - 1 };
          expect(record(others, { before })).toBe(false);
        },
      ),
    );
    const lastMinute = Array.from({ length: MAX_SHOWN_PER_MINUTE }, (_, i) =>
      shownAgo(MINUTE + i, { ...FACTS, session: 100 + i }),
    );
    expect(record(lastMinute)).toBe(true);
    expect(shownKey(FACTS)).not.toBe(shownKey({ ...FACTS, session: null }));
  });
});
