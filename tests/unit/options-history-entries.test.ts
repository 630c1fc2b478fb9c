import { describe, expect, it } from 'vitest';
import type { Translate } from '@/components/i18n';
import { cursorAfter, historyCourse, historySentence } from '@/entrypoints/options/history-entries';
import type { EventRecord } from '@/lib/db/schema';
import { translate } from '@/lib/i18n/translate';

const ENTRY: EventRecord = {
  id: 42,
  at: Date.UTC(2026, 2, 1, 9, 5, 7),
  type: 'registered',
  profileId: 'demo',
  courseId: null,
  kind: null,
  method: null,
  outcome: null,
  attemptsLeft: null,
};

describe('cursorAfter', () => {
  it('starts the next page after the last entry shown', () => {
    expect(cursorAfter(ENTRY)).toEqual({ at: ENTRY.at, id: 42 });
  });

  it('has no cursor without an entry, or for one not yet stored', () => {
    expect(cursorAfter(undefined)).toBeNull();
    const { id: _id, ...unstored } = ENTRY;
    expect(cursorAfter(unstored)).toBeNull();
  });
});

const ko: Translate = (key, substitutions) => translate('ko', key, substitutions);
const en: Translate = (key, substitutions) => translate('en', key, substitutions);
const entry = (patch: Partial<EventRecord>): EventRecord => ({ ...ENTRY, ...patch });

describe('history entries as sentences', () => {
  it('a shown checkpoint names what the LMS asked for, with the right particle', () => {
    const shown = entry({ type: 'checkpointShown', kind: 'session', courseId: 'c101', session: 9 });
    expect(historySentence(ko, shown)).toBe('LMS가 8회차 본인인증을 요청했습니다.');
    expect(historySentence(en, shown)).toBe('The LMS showed a checkpoint: Every-8-sessions identity check.');
    expect(historySentence(ko, entry({ type: 'checkpointShown' }))).toBe('LMS가 본인인증을 요청했습니다.');
  });

  it('a submitted code says how it was given, what came of it, and the attempts it left', () => {
    const wrong = entry({
      type: 'codeSubmitted',
      kind: 'entry',
      method: 'webOtp',
      outcome: 'failure',
      attemptsLeft: 3,
    });
    expect(historySentence(ko, wrong)).toBe(
      '최초 입과 본인인증: 웹 OTP로 입력한 인증번호가 틀렸습니다. 남은 횟수는 3회입니다.',
    );
    expect(historySentence(en, wrong)).toBe(
      'First-entry identity check: The code entered (Web OTP) was wrong. 3 attempts left.',
    );
    const passed = entry({
      type: 'codeSubmitted',
      kind: 'exam',
      method: 'app',
      outcome: 'success',
      attemptsLeft: 5,
    });
    expect(historySentence(ko, passed)).toBe(
      '시험 응시 전 본인인증: mOTP 앱으로 인증해 통과했습니다. 남은 횟수는 5회입니다.',
    );
    const notCounted = entry({ type: 'codeSubmitted', method: 'app', outcome: 'notCounted' });
    expect(historySentence(ko, notCounted)).toBe(
      'mOTP 앱으로 입력한 인증번호를 LMS가 받지 않았습니다. 횟수에는 포함되지 않습니다.',
    );
  });

  it('the other events are sentences too, a wrong PIN with the PIN attempts left', () => {
    expect(historySentence(ko, entry({ type: 'pinFailed', attemptsLeft: 4 }))).toBe(
      'PIN을 잘못 입력했습니다. PIN 남은 횟수는 4회입니다.',
    );
    expect(historySentence(ko, entry({ type: 'clockSkew', skewSeconds: -42 }))).toBe(
      '기기 시계가 LMS 서버와 42초 달랐습니다.',
    );
    expect(historySentence(ko, entry({ type: 'registered' }))).toBe('이 브라우저에 등록했습니다.');
    expect(historySentence(en, entry({ type: 'lockReset' }))).toBe('Identity verified: the lock was lifted.');
  });
});

describe('where an entry happened', () => {
  const titles = [
    { profileId: 'demo-lms', courseId: 'c101', title: '산업안전관리 실무' },
    { profileId: 'other', courseId: 'c102', title: '다른 기관의 과정' },
  ];

  it("names the course by the title kept for the entry's institute, its id when none is", () => {
    expect(historyCourse(ko, entry({ profileId: 'demo-lms', courseId: 'c101', session: 9 }), titles)).toBe(
      '산업안전관리 실무 · 9차시',
    );
    expect(historyCourse(ko, entry({ profileId: 'demo-lms', courseId: 'c102' }), titles)).toBe('c102');
    expect(historyCourse(ko, entry({ courseId: null }), titles)).toBe('');
  });
});
