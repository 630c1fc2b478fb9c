import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PageFacts } from '@/lib/checkpoints/detect';
import { MAX_SHOWN_PER_MINUTE, SHOWN_VISIT_MS, shouldRecordShown, shownKey } from '@/lib/checkpoints/shown';

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

describe('when a shown checkpoint goes into the history', () => {
  it('the first time in a tab, yes; the same checkpoint again in the same visit, no', () => {
    expect(
      shouldRecordShown({ before: null, origin: ORIGIN, facts: FACTS, now: NOW, shownInLastMinute: 0 }),
    ).toBe(true);
    const before = { origin: ORIGIN, facts: FACTS, at: NOW - 1000 };
    expect(shouldRecordShown({ before, origin: ORIGIN, facts: FACTS, now: NOW, shownInLastMinute: 1 })).toBe(
      false,
    );
    // Re-read facts that differ only in what the page says of the trainee are the same checkpoint.
    const reread = { ...FACTS, traineeName: null, pageAttemptsLeft: 4 };
    expect(shouldRecordShown({ before, origin: ORIGIN, facts: reread, now: NOW, shownInLastMinute: 1 })).toBe(
      false,
    );
  });

  it('another checkpoint, another origin, or a later visit is a new entry', () => {
    const before = { origin: ORIGIN, facts: FACTS, at: NOW - 1000 };
    const at = (facts: PageFacts, origin = ORIGIN, now = NOW) =>
      shouldRecordShown({ before, origin, facts, now, shownInLastMinute: 1 });
    expect(at({ ...FACTS, session: 17 })).toBe(true);
    expect(at({ ...FACTS, kind: 'exam' })).toBe(true);
    expect(at({ ...FACTS, courseId: 'c2' })).toBe(true);
    expect(at(FACTS, 'https://lms.example.kr:8443')).toBe(true);
    expect(at(FACTS, ORIGIN, NOW - 1000 + SHOWN_VISIT_MS)).toBe(true);
    // A clock that went back is not "the same visit" either.
    expect(at(FACTS, ORIGIN, NOW - 5000)).toBe(true);
  });

  it('never more than the cap a minute, whatever came before', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_SHOWN_PER_MINUTE, max: 10_000 }), fc.boolean(), (count, fresh) => {
        const before = fresh ? null : { origin: ORIGIN, facts: { ...FACTS, session: 1 }, at: NOW - 1 };
        expect(
          shouldRecordShown({ before, origin: ORIGIN, facts: FACTS, now: NOW, shownInLastMinute: count }),
        ).toBe(false);
      }),
    );
    expect(shownKey(FACTS)).not.toBe(shownKey({ ...FACTS, session: null }));
  });
});
