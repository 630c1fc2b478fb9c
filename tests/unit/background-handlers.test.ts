import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BackgroundDeps, handleRequest } from '@/lib/background/handlers';
import type { FormResult, PageFacts } from '@/lib/checkpoints/detect';
import { type CompanionDb, CURRENT_REGISTRATION, countersKey, openCompanionDb } from '@/lib/db/schema';
import type { ContentRequest } from '@/lib/messaging/content-protocol';
import {
  type BackgroundRequest,
  type ProtocolError,
  ProtocolFailure,
  type StatusView,
} from '@/lib/messaging/protocol';
import type { TrustedSender } from '@/lib/messaging/senders';
import { encodeBase32 } from '@/lib/otp/base32';
import { formatKeyUri } from '@/lib/otp/key-uri';
import { totpCodeAt } from '@/lib/otp/totp';
import { BUNDLED_PROFILES } from '@/lib/profiles/bundled';
import { CONSENT_VERSION, type RegistrationInput } from '@/lib/registration/validate';

// PBKDF2 runs at the real 150k iterations here (~100 ms per wrap or unwrap): allow for slow machines.
vi.setConfig({ testTimeout: 30_000 });

const LMS_ORIGIN = 'http://127.0.0.1:8610';
const ENTRY_URL = `${LMS_ORIGIN}/courses/c101/checkpoint/entry`;
/** Chosen so that it cannot appear inside the clock's timestamps or small counts. */
const PIN = '9731';
const WRONG_PIN = '1111';
const START = 1_700_000_000_000;

const OPTIONS: TrustedSender = { kind: 'page', page: 'options', tabId: null, tabUrl: null };
const POPUP: TrustedSender = { kind: 'page', page: 'popup', tabId: null, tabUrl: null };
const OVERLAY: TrustedSender = { kind: 'page', page: 'overlay', tabId: 7, tabUrl: ENTRY_URL };

const FACTS: PageFacts = {
  profileId: 'demo-lms',
  ruleId: 'demo-entry',
  kind: 'entry',
  courseId: 'c101',
  courseTitle: '산업안전관리 실무',
  traineeName: '홍길동',
  traineePhone: '01012345678',
};

const failure = (attemptsLeft: number | null): FormResult => ({
  outcome: 'failure',
  attemptsLeft,
  message: `인증번호가 일치하지 않습니다. (남은 횟수: ${attemptsLeft}회)`,
});
const SUCCESS: FormResult = { outcome: 'success', attemptsLeft: null, message: '본인인증이 완료되었습니다.' };
const LOCKED: FormResult = { outcome: 'locked', attemptsLeft: 0, message: '인증 5회 실패로 잠겼습니다.' };
const NOT_COUNTED: FormResult = { outcome: 'error', attemptsLeft: null, message: '6자리 숫자를 입력하세요.' };

function randomSecret(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(20));
}

function keyUriFor(secret: Uint8Array): string {
  return formatKeyUri({
    secret,
    algorithm: 'SHA1',
    digits: 6,
    period: 60,
    issuer: '데모 원격훈련원',
    accountName: '홍길동',
  });
}

function registrationInput(secret: Uint8Array, patch: Partial<RegistrationInput> = {}): RegistrationInput {
  return {
    consentVersion: CONSENT_VERSION,
    name: '홍길동',
    phone: '010-1234-5678',
    pin: PIN,
    pinConfirmation: PIN,
    keyUri: keyUriFor(secret),
    lmsOrigin: LMS_ORIGIN,
    ...patch,
  };
}

interface Harness {
  readonly db: CompanionDb;
  readonly deps: BackgroundDeps;
  readonly contentCalls: { tabId: number; request: ContentRequest }[];
  /** What the next page/fill answers, in order. */
  readonly fillResults: FormResult[];
  readonly enrollmentKeys: Map<number, string>;
  readonly tabs: { id: number; url: string }[];
  optionsOpened: number;
  advance(ms: number): void;
  request<R extends BackgroundRequest>(
    request: R,
    sender?: TrustedSender,
  ): ReturnType<typeof handleRequest<R>>;
  register(secret: Uint8Array, patch?: Partial<RegistrationInput>): Promise<StatusView>;
}

const opened: CompanionDb[] = [];
let dbCounter = 0;

afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete({ disableAutoOpen: false }).catch(() => undefined);
  }
});

function harness(): Harness {
  dbCounter += 1;
  const db = openCompanionDb(`handlers-test-${dbCounter}-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  let now = START;
  const contentCalls: Harness['contentCalls'] = [];
  const fillResults: FormResult[] = [];
  const enrollmentKeys = new Map<number, string>();
  const tabs: { id: number; url: string }[] = [];
  const askContent = async (tabId: number, request: ContentRequest): Promise<unknown> => {
    contentCalls.push({ tabId, request });
    switch (request.type) {
      case 'page/facts':
        return FACTS;
      case 'page/fill': {
        const next = fillResults.shift();
        if (!next) throw new Error('page/fill was not expected');
        return next;
      }
      case 'page/enrollmentKey': {
        if (!enrollmentKeys.has(tabId)) throw new Error('no content script in this tab');
        return enrollmentKeys.get(tabId) ?? null;
      }
      case 'overlay/close':
        return null;
    }
  };
  const h: Harness = {
    db,
    contentCalls,
    fillResults,
    enrollmentKeys,
    tabs,
    optionsOpened: 0,
    deps: {
      db,
      now: () => now,
      profiles: BUNDLED_PROFILES,
      askContent: askContent as BackgroundDeps['askContent'],
      listLmsTabs: async () => tabs,
      openOptionsPage: async () => {
        h.optionsOpened += 1;
      },
    },
    advance(ms) {
      now += ms;
    },
    request(request, sender = OVERLAY) {
      return handleRequest(request, sender, h.deps);
    },
    register(secret, patch) {
      return handleRequest(
        { type: 'registration/save', registration: registrationInput(secret, patch) },
        OPTIONS,
        h.deps,
      );
    },
  };
  return h;
}

/** Awaits a rejection and returns its protocol error; fails if it resolves or rejects otherwise. */
async function protocolError(promise: Promise<unknown>): Promise<ProtocolError> {
  const outcome = await promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => ({ rejected: error }),
  );
  if (!('rejected' in outcome))
    throw new Error(`expected a ProtocolFailure, got ${JSON.stringify(outcome.resolved)}`);
  expect(outcome.rejected).toBeInstanceOf(ProtocolFailure);
  return (outcome.rejected as ProtocolFailure).error;
}

async function tableCounts(db: CompanionDb) {
  return {
    registrations: await db.registrations.count(),
    counters: await db.counters.count(),
    events: await db.events.count(),
  };
}

const fills = (h: Harness) => h.contentCalls.filter((call) => call.request.type === 'page/fill');
const countersOf = (h: Harness) => h.db.counters.get(countersKey('demo-lms', '01012345678'));

describe('registration/save', () => {
  it('stores the registration with the secret wrapped, and reports it', async () => {
    const h = harness();
    const secret = randomSecret();
    const status = await h.register(secret, { phone: '+82 10 1234 5678' });
    expect(status.registration).toEqual({
      name: '홍길동',
      phone: '01012345678',
      lmsOrigin: LMS_ORIGIN,
      instituteName: '데모 원격훈련원',
      issuer: '데모 원격훈련원',
      period: 60,
      digits: 6,
      registeredAt: START,
      hasSecret: true,
    });
    expect(status.pinAttemptsLeft).toBe(5);
    expect(status.codeAttemptsLeft).toBe(5);
    const record = await h.db.registrations.get(CURRENT_REGISTRATION);
    expect(record?.profileId).toBe('demo-lms');
    expect(record?.wrappedSecret?.ciphertext).toBeInstanceOf(Uint8Array);
    expect(await h.db.events.toArray()).toMatchObject([
      { type: 'registered', at: START, profileId: 'demo-lms' },
    ]);
  });

  it.each([
    [{ consentVersion: 0 }, 'consent'],
    [{ name: '' }, 'name'],
    [{ phone: '02-123-4567' }, 'phone'],
    [{ pin: '12a4', pinConfirmation: '12a4' }, 'pin'],
    [{ pinConfirmation: '0000' }, 'pin'],
    [{ keyUri: 'otpauth://totp/x?secret=AAAA' }, 'keyUri'],
    [{ lmsOrigin: 'http://localhost:8610' }, 'lmsOrigin'],
  ] as const)('refuses %j as registrationInvalid (%s) and stores nothing', async (patch, field) => {
    const h = harness();
    const error = await protocolError(h.register(randomSecret(), patch));
    expect(error.code).toBe('registrationInvalid');
    expect(error.fields?.map((f) => f.field)).toEqual([field]);
    expect(await tableCounts(h.db)).toEqual({ registrations: 0, counters: 0, events: 0 });
  });

  it('an invalid re-registration keeps the previous one untouched', async () => {
    const h = harness();
    await h.register(randomSecret());
    const before = await h.db.registrations.get(CURRENT_REGISTRATION);
    const counts = await tableCounts(h.db);
    const error = await protocolError(h.register(randomSecret(), { name: '김철수', phone: 'not a phone' }));
    expect(error.code).toBe('registrationInvalid');
    expect(await tableCounts(h.db)).toEqual(counts);
    expect(await h.db.registrations.get(CURRENT_REGISTRATION)).toEqual(before);
  });

  it('refuses a key URI with broken percent-encoding as registrationInvalid, not a crash', async () => {
    const h = harness();
    const keyUri = `otpauth://totp/%E0%A4%A?secret=${encodeBase32(randomSecret())}&period=60`;
    const error = await protocolError(h.register(randomSecret(), { keyUri }));
    expect(error.code).toBe('registrationInvalid');
  });

  it('registering again replaces the registration and its secret', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.advance(60_000);
    const second = randomSecret();
    const status = await h.register(second, { name: '김철수', phone: '010-2222-3333' });
    expect(status.registration).toMatchObject({
      name: '김철수',
      phone: '01022223333',
      registeredAt: START + 60_000,
    });
    expect(await h.db.registrations.count()).toBe(1);
    const code = await h.request({ type: 'webOtp/code', pin: PIN }, POPUP);
    expect(code.code).toBe(
      totpCodeAt({ secret: second, algorithm: 'SHA1', digits: 6, period: 60 }, START + 60_000).code,
    );
  });
});

describe('webOtp/code', () => {
  it('with the right PIN returns the TOTP code of the secret at deps.now()', async () => {
    const h = harness();
    const secret = randomSecret();
    await h.register(secret);
    h.advance(123_456);
    const now = START + 123_456;
    const expected = totpCodeAt({ secret, algorithm: 'SHA1', digits: 6, period: 60 }, now);
    expect(await h.request({ type: 'webOtp/code', pin: PIN }, POPUP)).toEqual({
      code: expected.code,
      expiresAt: expected.expiresAt,
      issuedAt: now,
      period: 60,
    });
    // The clock drives the code: a minute later it is the next step's.
    h.advance(60_000);
    const later = await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY);
    expect(later.code).toBe(
      totpCodeAt({ secret, algorithm: 'SHA1', digits: 6, period: 60 }, now + 60_000).code,
    );
  });

  it('refuses before registration', async () => {
    const h = harness();
    expect(await protocolError(h.request({ type: 'webOtp/code', pin: PIN }, POPUP))).toEqual({
      code: 'notRegistered',
    });
  });

  it('counts wrong PINs down 4, 3, 2, 1; the 5th wipes the secret for good', async () => {
    const h = harness();
    await h.register(randomSecret());
    const left: (number | undefined)[] = [];
    for (let i = 0; i < 4; i += 1) {
      const error = await protocolError(h.request({ type: 'webOtp/code', pin: WRONG_PIN }, POPUP));
      expect(error.code).toBe('wrongPin');
      left.push(error.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1]);
    expect(await protocolError(h.request({ type: 'webOtp/code', pin: WRONG_PIN }, POPUP))).toEqual({
      code: 'secretWiped',
    });

    const record = await h.db.registrations.get(CURRENT_REGISTRATION);
    expect(record?.wrappedSecret).toBeNull();
    expect(await countersOf(h)).toMatchObject({ wrongPins: 5, secretWiped: true });
    expect(await protocolError(h.request({ type: 'webOtp/code', pin: PIN }, POPUP))).toEqual({
      code: 'secretWiped',
    });

    const status = await h.request({ type: 'status/get' }, POPUP);
    expect(status.pinAttemptsLeft).toBe(0);
    expect(status.registration?.hasSecret).toBe(false);
    const types = (await h.db.events.toArray()).map((e) => e.type);
    expect(types.filter((t) => t === 'pinFailed')).toHaveLength(5);
    expect(types.filter((t) => t === 'secretWiped')).toHaveLength(1);
  });

  it('a correct PIN resets the wrong-PIN count', async () => {
    const h = harness();
    await h.register(randomSecret());
    await protocolError(h.request({ type: 'webOtp/code', pin: WRONG_PIN }, POPUP));
    await protocolError(h.request({ type: 'webOtp/code', pin: WRONG_PIN }, POPUP));
    expect((await countersOf(h))?.wrongPins).toBe(2);
    await h.request({ type: 'webOtp/code', pin: PIN }, POPUP);
    expect((await countersOf(h))?.wrongPins).toBe(0);
    expect(await protocolError(h.request({ type: 'webOtp/code', pin: WRONG_PIN }, POPUP))).toEqual({
      code: 'wrongPin',
      attemptsLeft: 4,
    });
  });

  it('five concurrent wrong PINs all count: exactly 5 and the secret wiped', async () => {
    const h = harness();
    await h.register(randomSecret());
    const errors = await Promise.all(
      Array.from({ length: 5 }, () =>
        protocolError(h.request({ type: 'webOtp/code', pin: WRONG_PIN }, POPUP)),
      ),
    );
    expect(errors.filter((e) => e.code === 'secretWiped')).toHaveLength(1);
    expect(
      errors
        .filter((e) => e.code === 'wrongPin')
        .map((e) => e.attemptsLeft)
        .sort(),
    ).toEqual([1, 2, 3, 4]);
    expect(await countersOf(h)).toMatchObject({ wrongPins: 5, secretWiped: true });
    expect((await h.db.registrations.get(CURRENT_REGISTRATION))?.wrappedSecret).toBeNull();
  });

  it('a new registration after the wipe works again', async () => {
    const h = harness();
    await h.register(randomSecret());
    for (let i = 0; i < 5; i += 1)
      await protocolError(h.request({ type: 'webOtp/code', pin: WRONG_PIN }, POPUP));
    const secret = randomSecret();
    const status = await h.register(secret);
    expect(status).toMatchObject({ pinAttemptsLeft: 5, registration: { hasSecret: true } });
    expect((await h.request({ type: 'webOtp/code', pin: PIN }, POPUP)).code).toBe(
      totpCodeAt({ secret, algorithm: 'SHA1', digits: 6, period: 60 }, START).code,
    );
  });

  it('refuses while codes are locked', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(LOCKED);
    await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    expect(await protocolError(h.request({ type: 'webOtp/code', pin: PIN }, POPUP))).toEqual({
      code: 'codesLocked',
    });
  });
});

describe('checkpoint/submit', () => {
  it('fills the code into the registered origin and mirrors the answer', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(failure(4));
    const outcome = await h.request({ type: 'checkpoint/submit', code: '012345', method: 'app' });
    expect(outcome.result).toEqual(failure(4));
    expect(outcome.status.codeAttemptsLeft).toBe(4);
    expect(fills(h)).toEqual([
      { tabId: 7, request: { type: 'page/fill', code: '012345', origin: LMS_ORIGIN } },
    ]);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 1, codesLocked: false });
  });

  it('takes the server count when it is stricter', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(failure(2));
    const outcome = await h.request({ type: 'checkpoint/submit', code: '012345', method: 'webOtp' });
    expect(outcome.status.codeAttemptsLeft).toBe(2);
  });

  it.each([
    ['another port', 'http://127.0.0.1:8611/courses/c101/checkpoint/entry'],
    ['another scheme', 'https://127.0.0.1:8610/courses/c101/checkpoint/entry'],
    ['a look-alike host', 'http://127.0.0.1.evil.com:8610/courses/c101/checkpoint/entry'],
  ])('refuses a tab on %s with originMismatch and never fills', async (_label, tabUrl) => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(SUCCESS);
    const sender: TrustedSender = { kind: 'page', page: 'overlay', tabId: 7, tabUrl };
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' }, sender)),
    ).toEqual({
      code: 'originMismatch',
    });
    expect(fills(h)).toEqual([]);
  });

  it('refuses an overlay whose tab URL is unknown', async () => {
    const h = harness();
    await h.register(randomSecret());
    const sender: TrustedSender = { kind: 'page', page: 'overlay', tabId: 7, tabUrl: null };
    expect(
      (await protocolError(h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' }, sender)))
        .code,
    ).toBe('originMismatch');
    expect(fills(h)).toEqual([]);
  });

  it('refuses a sender without a tab as untrusted', async () => {
    const h = harness();
    await h.register(randomSecret());
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' }, POPUP)),
    ).toEqual({
      code: 'untrustedSender',
    });
    expect(fills(h)).toEqual([]);
  });

  it('after a locked answer, refuses further submits with codesLocked without filling', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(LOCKED, SUCCESS);
    const outcome = await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    expect(outcome.status).toMatchObject({ codeAttemptsLeft: 0, counters: { codesLocked: true } });
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '654321', method: 'app' })),
    ).toEqual({
      code: 'codesLocked',
    });
    expect(fills(h)).toHaveLength(1);
    const types = (await h.db.events.toArray()).map((e) => e.type);
    expect(types.filter((t) => t === 'codesLocked')).toHaveLength(1);
  });

  it('the 5th local failure locks even if the page never says so', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(...Array.from({ length: 5 }, () => failure(null)));
    for (let i = 0; i < 5; i += 1)
      await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' })),
    ).toEqual({
      code: 'codesLocked',
    });
    expect(fills(h)).toHaveLength(5);
  });

  it("an 'error' answer (refused before verifying) does not count", async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(failure(4), NOT_COUNTED);
    await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    const outcome = await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    expect(outcome.result.outcome).toBe('error');
    expect(outcome.status.codeAttemptsLeft).toBe(4);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 1, codesLocked: false });
  });

  it('success clears the code count', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(failure(3), SUCCESS);
    await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    const outcome = await h.request({ type: 'checkpoint/submit', code: '234567', method: 'webOtp' });
    expect(outcome.status.codeAttemptsLeft).toBe(5);
    expect(await h.db.events.where('type').equals('codeSubmitted').toArray()).toMatchObject([
      { outcome: 'failure', attemptsLeft: 3, courseId: 'c101', kind: 'entry', method: 'app' },
      { outcome: 'success', attemptsLeft: 5, courseId: 'c101', kind: 'entry', method: 'webOtp' },
    ]);
  });

  it('refuses before registration without filling', async () => {
    const h = harness();
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' })),
    ).toEqual({
      code: 'notRegistered',
    });
    expect(fills(h)).toEqual([]);
  });
});

describe('the event log', () => {
  it('holds no PIN, code or secret', async () => {
    const h = harness();
    const secret = randomSecret();
    await h.register(secret);
    await protocolError(h.request({ type: 'webOtp/code', pin: WRONG_PIN }, POPUP));
    h.advance(60_000);
    const { code } = await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY);
    h.fillResults.push(failure(4), SUCCESS);
    await h.request({ type: 'checkpoint/submit', code: '858585', method: 'app' });
    await h.request({ type: 'checkpoint/submit', code, method: 'webOtp' });
    await h.request(
      { type: 'checkpoint/seen', facts: FACTS },
      { kind: 'content', tabId: 7, origin: LMS_ORIGIN },
    );

    const events = await h.db.events.toArray();
    expect(events.map((e) => e.type)).toEqual([
      'registered',
      'pinFailed',
      'codeSubmitted',
      'codeSubmitted',
      'checkpointShown',
    ]);
    const log = JSON.stringify(events);
    for (const secretText of [PIN, WRONG_PIN, code, '858585', encodeBase32(secret), JSON.stringify(secret)]) {
      expect(log.includes(secretText), secretText).toBe(false);
    }
    // Nor does anything else at rest hold the PIN or the secret in the clear.
    const everything = JSON.stringify({
      registrations: await h.db.registrations.toArray(),
      counters: await h.db.counters.toArray(),
    });
    for (const secretText of [PIN, encodeBase32(secret), JSON.stringify(secret)]) {
      expect(everything.includes(secretText), secretText).toBe(false);
    }
  });
});

describe('a database that refuses writes', () => {
  it('registration/save rejects and stores nothing', async () => {
    const h = harness();
    vi.spyOn(h.db.counters, 'put').mockRejectedValue(new Error('QuotaExceededError'));
    await expect(h.register(randomSecret())).rejects.toThrow();
    expect(await h.db.registrations.count()).toBe(0);
    expect(await h.db.events.count()).toBe(0);
  });

  it('a wrong PIN that cannot be counted is not reported as a plain wrong PIN', async () => {
    const h = harness();
    await h.register(randomSecret());
    vi.spyOn(h.db.counters, 'put').mockRejectedValue(new Error('QuotaExceededError'));
    const rejection = await h.request({ type: 'webOtp/code', pin: WRONG_PIN }, POPUP).then(
      () => null,
      (error: unknown) => error,
    );
    expect(rejection).not.toBeNull();
    expect(rejection).not.toBeInstanceOf(ProtocolFailure);
  });

  it('checkpoint/submit rejects rather than report a result it could not record', async () => {
    const h = harness();
    await h.register(randomSecret());
    vi.spyOn(h.db.counters, 'put').mockRejectedValue(new Error('QuotaExceededError'));
    h.fillResults.push(failure(4));
    await expect(h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' })).rejects.toThrow();
    expect(await h.db.events.where('type').equals('codeSubmitted').count()).toBe(0);
  });

  it('a closed database rejects', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.db.close();
    await expect(h.request({ type: 'webOtp/code', pin: PIN }, POPUP)).rejects.toThrow();
    await expect(h.register(randomSecret())).rejects.toThrow();
  });
});

describe('other requests', () => {
  it('status/get before registration shows a clean slate', async () => {
    const h = harness();
    expect(await h.request({ type: 'status/get' }, POPUP)).toEqual({
      registration: null,
      counters: { wrongPins: 0, wrongCodes: 0, codesLocked: false, secretWiped: false, updatedAt: 0 },
      pinAttemptsLeft: 5,
      codeAttemptsLeft: 5,
    });
  });

  it('checkpoint/context compares the trainee and the origin', async () => {
    const h = harness();
    await h.register(randomSecret());
    const context = await h.request({ type: 'checkpoint/context' });
    expect(context).toMatchObject({
      facts: FACTS,
      identity: 'match',
      originMatches: true,
      supportPhone: '1833-3075',
    });
    const elsewhere: TrustedSender = {
      kind: 'page',
      page: 'overlay',
      tabId: 7,
      tabUrl: 'http://127.0.0.1:9999/x',
    };
    expect((await h.request({ type: 'checkpoint/context' }, elsewhere)).originMatches).toBe(false);
    await h.register(randomSecret(), { name: '김철수' });
    expect((await h.request({ type: 'checkpoint/context' })).identity).toBe('mismatch');
  });

  it('registration/delete removes the registration and logs it', async () => {
    const h = harness();
    await h.register(randomSecret());
    const status = await h.request({ type: 'registration/delete' }, OPTIONS);
    expect(status.registration).toBeNull();
    expect(await h.db.registrations.count()).toBe(0);
    expect((await h.db.events.toArray()).map((e) => e.type)).toEqual(['registered', 'registrationDeleted']);
  });

  it('enrollment/find asks LMS tabs in order, skipping ones that do not answer', async () => {
    const h = harness();
    const uri = keyUriFor(randomSecret());
    h.tabs.push(
      { id: 1, url: `${LMS_ORIGIN}/courses` },
      { id: 2, url: `${LMS_ORIGIN}/otp/enroll` },
      { id: 3, url: 'about:blank' },
    );
    h.enrollmentKeys.set(2, uri);
    expect(await h.request({ type: 'enrollment/find' }, OPTIONS)).toEqual({
      keyUri: uri,
      origin: LMS_ORIGIN,
    });
    expect(h.contentCalls.map((c) => c.tabId)).toEqual([1, 2]);
  });

  it('checkpoint/close and options/open reach the page and the browser', async () => {
    const h = harness();
    expect(await h.request({ type: 'checkpoint/close' })).toBeNull();
    expect(h.contentCalls).toEqual([{ tabId: 7, request: { type: 'overlay/close' } }]);
    expect(await h.request({ type: 'options/open' }, POPUP)).toBeNull();
    expect(h.optionsOpened).toBe(1);
  });
});
