import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BackgroundDeps, handleRequest, toProtocolError } from '@/lib/background/handlers';
import { type FormResult, type PageFacts, readAttemptsLeft } from '@/lib/checkpoints/detect';
import type { ExposureFacts } from '@/lib/checkpoints/exposure';
import { SHOWN_VISIT_MS } from '@/lib/checkpoints/shown';
import { HISTORY_RETENTION_MS, type HistoryPage } from '@/lib/db/history';
import {
  type CompanionDb,
  CURRENT_REGISTRATION,
  countersKey,
  openCompanionDb,
  type WebOtpRegistrationRecord,
} from '@/lib/db/schema';
import type { ContentRequest } from '@/lib/messaging/content-protocol';
import {
  type BackgroundRequest,
  type ProfileSettingsView,
  type ProtocolError,
  ProtocolFailure,
  type StatusView,
} from '@/lib/messaging/protocol';
import type { TrustedSender } from '@/lib/messaging/senders';
import { encodeBase32 } from '@/lib/otp/base32';
import type { ClockSample } from '@/lib/otp/clock';
import { formatKeyUri } from '@/lib/otp/key-uri';
import { totpCodeAt } from '@/lib/otp/totp';
import { BUNDLED_PROFILES, DEMO_LMS_PROFILE, HRD_MOTP_PROFILE } from '@/lib/profiles/bundled';
import type { CheckpointRule } from '@/lib/profiles/types';
import { CONSENT_VERSION, type RegistrationInput } from '@/lib/registration/validate';
import { shownOverlay } from './exposure-fixtures';

// PBKDF2 runs at the real 150k iterations here (~100 ms per wrap or unwrap): allow for slow machines.
vi.setConfig({ testTimeout: 30_000 });

const LMS_ORIGIN = 'http://127.0.0.1:8610';
const ENTRY_URL = `${LMS_ORIGIN}/courses/c101/checkpoint/entry`;
const HRD_ORIGIN = 'http://127.0.0.2:8610';
const HRD_URL = `${HRD_ORIGIN}/courses/h201/motp`;
/** Chosen so that it cannot appear inside the clock's timestamps or small counts. */
const PIN = '9731';
const WRONG_PIN = '1111';
/** 2023-11-14T22:13:20Z, 20 s into its 60-s step. */
const START = 1_700_000_000_000;
const MINUTE = 60_000;
/** Checkpoints shown this far apart are separate visits, each with its own history entry. */
const VISIT = SHOWN_VISIT_MS;

const OPTIONS: TrustedSender = { kind: 'page', page: 'options', tabId: null, tabUrl: null };
const POPUP: TrustedSender = { kind: 'page', page: 'popup', tabId: null, tabUrl: null };
const OVERLAY: TrustedSender = { kind: 'page', page: 'overlay', tabId: 7, tabUrl: ENTRY_URL };
const CONTENT: TrustedSender = {
  kind: 'content',
  tabId: 7,
  frameId: 0,
  origin: LMS_ORIGIN,
  topOrigin: LMS_ORIGIN,
  openerTabId: null,
};

const FACTS: PageFacts = {
  profileId: 'demo-lms',
  ruleId: 'demo-entry',
  kind: 'entry',
  mode: 'webOtp',
  courseId: 'c101',
  courseTitle: '산업안전관리 실무',
  session: null,
  traineeName: '홍길동',
  traineePhone: '01012345678',
  pageAttemptsLeft: null,
};

const sessionFacts = (session: number, courseId = 'c101'): PageFacts => ({
  ...FACTS,
  ruleId: 'demo-session',
  kind: 'session',
  courseId,
  session,
});

const HRD_FACTS: PageFacts = {
  profileId: 'hrd-motp',
  ruleId: 'hrd-entry',
  kind: 'entry',
  mode: 'hrdMotp',
  courseId: 'h201',
  courseTitle: '전기기능사 실기',
  session: null,
  traineeName: '홍길동',
  traineePhone: '01012345678',
  pageAttemptsLeft: null,
};

const failure = (attemptsLeft: number | null): FormResult => ({
  outcome: 'failure',
  attemptsLeft,
  message: `인증번호가 일치하지 않습니다. (남은 횟수: ${attemptsLeft}회)`,
});
/** The overlay as the content script sees it when the page leaves it alone. */
const SHOWN_OVERLAY: ExposureFacts = shownOverlay(1);

const SUCCESS: FormResult = { outcome: 'success', attemptsLeft: null, message: '본인인증이 완료되었습니다.' };
const LOCKED: FormResult = { outcome: 'locked', attemptsLeft: 0, message: '인증 5회 실패로 잠겼습니다.' };
const NOT_COUNTED: FormResult = {
  outcome: 'notCounted',
  attemptsLeft: null,
  message: '6자리 숫자를 입력하세요.',
};
const UNAVAILABLE: FormResult = { outcome: 'unavailable', attemptsLeft: null, message: '' };

/** HRD's answer after a wrong code, read the way the content script reads it. */
function hrdFailure(failures: number): FormResult {
  const message = `mOTP 번호가 일치하지 않습니다. (실패 ${failures}회 / 5회)`;
  const rule = HRD_MOTP_PROFILE.checkpoints[0] as CheckpointRule;
  return { outcome: 'failure', attemptsLeft: readAttemptsLeft(rule.form.attempts, message), message };
}

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

const codeAt = (secret: Uint8Array, at: number) =>
  totpCodeAt({ secret, algorithm: 'SHA1', digits: 6, period: 60 }, at);

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

interface Tab {
  url: string;
  facts: PageFacts | null;
}

interface Harness {
  readonly db: CompanionDb;
  readonly deps: BackgroundDeps;
  readonly contentCalls: { tabId: number; request: ContentRequest }[];
  /** What the next page/fill answers, in order, for tabs without their own script. */
  readonly fillResults: FormResult[];
  /** Per tab: what page/fill answers, and after how long. */
  readonly fillByTab: Map<number, { result: FormResult | Error; delayMs: number }>;
  /** Open tabs with their URL and what their content script reports. */
  readonly tabs: Map<number, Tab>;
  /** What overlay/exposure answers in a frame (the overlay shown as it is, unless a test says). */
  exposure: (frameId: number) => ExposureFacts | null;
  readonly enrollmentKeys: Map<number, string>;
  /** What each tab's issue page answers as its QR picture (a tab not here answers none). */
  readonly enrollmentQrs: Map<number, string>;
  /** The tabs the enrollment script was run in, in order. */
  readonly pickupCalls: number[];
  /** What listLmsTabs answers. */
  readonly lmsTabs: { id: number; url: string }[];
  /** Every origin sampleServerClock was asked for. */
  readonly clockCalls: string[];
  /** Every call to deps.profileSettings, by method and argument. */
  readonly profileCalls: string[];
  /** The LMS server's clock minus the device's; null: the server does not answer. */
  serverOffsetMs: number | null;
  now(): number;
  advance(ms: number): void;
  openTab(tabId: number, url: string, facts: PageFacts | null): TrustedSender;
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

const overlayIn = (tabId: number, tabUrl: string | null): TrustedSender => ({
  kind: 'page',
  page: 'overlay',
  tabId,
  tabUrl,
});

function harness(): Harness {
  dbCounter += 1;
  const db = openCompanionDb(`handlers-test-${dbCounter}-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  let now = START;
  const contentCalls: Harness['contentCalls'] = [];
  const fillResults: FormResult[] = [];
  const fillByTab: Harness['fillByTab'] = new Map();
  const tabs = new Map<number, Tab>([[7, { url: ENTRY_URL, facts: FACTS }]]);
  const enrollmentKeys = new Map<number, string>();
  const enrollmentQrs = new Map<number, string>();
  const pickupCalls: number[] = [];
  const clockCalls: string[] = [];
  const profileCalls: string[] = [];
  const settingsView = (source: ProfileSettingsView['source']): ProfileSettingsView => ({
    source,
    instituteName: DEMO_LMS_PROFILE.instituteName,
    origins: DEMO_LMS_PROFILE.origins,
    support: DEMO_LMS_PROFILE.support,
    branding: null,
    locked: false,
    refusals: [],
    extraOrigins: [],
    enabledSites: [],
    configuredOrigins: [],
  });
  const askContent = async (tabId: number, request: ContentRequest, frameId = 0): Promise<unknown> => {
    contentCalls.push({ tabId, request });
    switch (request.type) {
      case 'overlay/exposure':
        return h.exposure(frameId);
      case 'page/facts':
        return tabs.get(tabId)?.facts ?? null;
      case 'page/fill': {
        const scripted = fillByTab.get(tabId);
        if (scripted) {
          await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
          if (scripted.result instanceof Error) throw scripted.result;
          return scripted.result;
        }
        const next = fillResults.shift();
        if (!next) throw new Error('page/fill was not expected');
        return next;
      }
      case 'overlay/close':
        return null;
    }
  };
  const h: Harness = {
    db,
    contentCalls,
    fillResults,
    fillByTab,
    tabs,
    exposure: () => SHOWN_OVERLAY,
    enrollmentKeys,
    enrollmentQrs,
    pickupCalls,
    lmsTabs: [],
    clockCalls,
    profileCalls,
    serverOffsetMs: null,
    deps: {
      db,
      now: () => now,
      profiles: BUNDLED_PROFILES,
      askContent: askContent as BackgroundDeps['askContent'],
      // The enrollment script reads the text key first, then the QR picture, as it does in a page.
      pickUpEnrollment: async (tabId: number) => {
        pickupCalls.push(tabId);
        if (!enrollmentKeys.has(tabId) && !enrollmentQrs.has(tabId))
          throw new Error('no script may run here');
        const keyUri = enrollmentKeys.get(tabId);
        if (keyUri) return { keyUri };
        const qrPicture = enrollmentQrs.get(tabId);
        return qrPicture ? { qrPicture } : null;
      },
      listLmsTabs: async () => h.lmsTabs,
      sampleServerClock: async (origin: string): Promise<ClockSample | null> => {
        clockCalls.push(origin);
        if (h.serverOffsetMs === null) return null;
        // A 40 ms round trip against a server whose Date header has one-second resolution.
        const sentAt = now;
        const serverTime = Math.floor((sentAt + 20 + h.serverOffsetMs) / 1000) * 1000;
        return { sentAt, receivedAt: sentAt + 40, serverTime, resolutionMs: 1000 };
      },
      profileSettings: {
        read: async () => {
          profileCalls.push('read');
          return settingsView('bundled');
        },
        importProfile: async (json) => {
          profileCalls.push(`import ${json}`);
          return settingsView('imported');
        },
        clearImported: async () => {
          profileCalls.push('clearImported');
          return settingsView('bundled');
        },
        sync: async () => {
          profileCalls.push('sync');
          return settingsView('bundled');
        },
        enableSite: async (origin) => {
          profileCalls.push(`enable ${origin}`);
          return settingsView('bundled');
        },
        disableSite: async (origin) => {
          profileCalls.push(`disable ${origin}`);
          return settingsView('bundled');
        },
      },
    },
    now: () => now,
    advance(ms) {
      now += ms;
    },
    openTab(tabId, url, facts) {
      tabs.set(tabId, { url, facts });
      return overlayIn(tabId, url);
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

/** The stored registration, which these tests made as web OTP. */
async function webOtpRecord(h: Harness): Promise<WebOtpRegistrationRecord | undefined> {
  const record = await h.db.registrations.get(CURRENT_REGISTRATION);
  if (record && record.mode !== 'webOtp') throw new Error(`a ${record.mode} registration`);
  return record;
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
const countersOf = (
  h: Harness,
  profileId = 'demo-lms',
  origin = profileId === 'hrd-motp' ? HRD_ORIGIN : LMS_ORIGIN,
) => h.db.counters.get(countersKey({ profileId, origin, trainee: '01012345678' }));
const eventTypes = async (h: Harness) => (await h.db.events.orderBy('id').toArray()).map((e) => e.type);
const progressOf = (h: Harness, courseId: string, profileId = 'demo-lms') =>
  h.db.courseProgress.get([profileId, courseId]);

/** Asks for a web-OTP code and submits it with its step, as the overlay does. */
async function submitWebOtp(h: Harness, sender: TrustedSender = OVERLAY) {
  const { code, step } = await h.request({ type: 'webOtp/code', pin: PIN }, sender);
  return h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step }, sender);
}

describe('registration/save', () => {
  it('stores the registration with the secret wrapped, and reports it', async () => {
    const h = harness();
    const secret = randomSecret();
    const status = await h.register(secret, { phone: '+82 10 1234 5678' });
    expect(status.registration).toEqual({
      mode: 'webOtp',
      name: '홍길동',
      phone: '01012345678',
      lmsOrigin: LMS_ORIGIN,
      instituteName: '데모 원격훈련원',
      issuer: '데모 원격훈련원',
      period: 60,
      digits: 6,
      registeredAt: START,
      hasSecret: true,
      enrollmentUrl: `${LMS_ORIGIN}/otp/enroll`,
    });
    expect(status.pinAttemptsLeft).toBe(5);
    expect(status.codeAttemptsLeft).toBe(5);
    const record = await webOtpRecord(h);
    expect(record?.profileId).toBe('demo-lms');
    expect(record?.wrappedSecret?.ciphertext).toBeInstanceOf(Uint8Array);
    expect(record?.lastSubmittedStep).toBeNull();
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

  it('registers an mOTP trainee on an HRD LMS without a key or PIN, name and number optional', async () => {
    const h = harness();
    const motp = { keyUri: '', pin: '', pinConfirmation: '', lmsOrigin: `${HRD_ORIGIN}/login` };
    const status = await h.register(randomSecret(), { ...motp, name: '', phone: '' });
    expect(status.registration).toMatchObject({
      mode: 'hrdMotp',
      name: null,
      phone: null,
      lmsOrigin: HRD_ORIGIN,
      instituteName: HRD_MOTP_PROFILE.instituteName,
      issuer: null,
      hasSecret: false,
    });
    expect(await h.db.registrations.get(CURRENT_REGISTRATION)).toEqual({
      slot: CURRENT_REGISTRATION,
      mode: 'hrdMotp',
      profileId: 'hrd-motp',
      name: null,
      phone: null,
      lmsOrigin: HRD_ORIGIN,
      consentVersion: CONSENT_VERSION,
      registeredAt: START,
    });
    expect(await h.db.events.toArray()).toMatchObject([{ type: 'registered', profileId: 'hrd-motp' }]);
    // No key: no web-OTP code is made for it.
    expect((await protocolError(h.request({ type: 'webOtp/code', pin: PIN }, POPUP))).code).toBe(
      'notRegistered',
    );
    // With a name and number, they are kept normalised for the trainee check.
    const named = await h.register(randomSecret(), { ...motp, phone: '+82 10 1234 5678' });
    expect(named.registration).toMatchObject({ name: '홍길동', phone: '01012345678' });
    expect((await protocolError(h.register(randomSecret(), { ...motp, phone: '02-1' }))).fields).toEqual([
      { field: 'phone', reason: 'invalid' },
    ]);
  });

  it('registers on the origins of an institute profile (policy or imported) in its mode', async () => {
    const h = harness();
    const institute = { ...DEMO_LMS_PROFILE, id: 'policy-lms', origins: ['https://lms.policy.example/*'] };
    const hrdInstitute = {
      ...HRD_MOTP_PROFILE,
      id: 'imported-hrd',
      origins: ['https://*.hrd-lms.example/*'],
    };
    const deps = { ...h.deps, profiles: [institute, hrdInstitute, ...BUNDLED_PROFILES] };
    const save = (patch: Partial<RegistrationInput>) =>
      handleRequest(
        { type: 'registration/save', registration: registrationInput(randomSecret(), patch) },
        OPTIONS,
        deps,
      );
    const web = await save({ lmsOrigin: 'https://lms.policy.example' });
    expect(web.registration).toMatchObject({ mode: 'webOtp', lmsOrigin: 'https://lms.policy.example' });
    expect(await h.db.registrations.get(CURRENT_REGISTRATION)).toMatchObject({ profileId: 'policy-lms' });
    const hrd = await save({
      lmsOrigin: 'https://a.hrd-lms.example',
      keyUri: '',
      pin: '',
      pinConfirmation: '',
    });
    expect(hrd.registration).toMatchObject({ mode: 'hrdMotp', lmsOrigin: 'https://a.hrd-lms.example' });
    expect(await h.db.registrations.get(CURRENT_REGISTRATION)).toMatchObject({ profileId: 'imported-hrd' });
    // An origin no active profile names is refused, naming the field.
    const refused = await protocolError(save({ lmsOrigin: 'https://lms.elsewhere.example' }));
    expect(refused).toMatchObject({
      code: 'registrationInvalid',
      fields: [{ field: 'lmsOrigin', reason: 'notConfigured' }],
    });
    // The wizard is offered the same origins, in the same order.
    const choices = await handleRequest({ type: 'registration/choices' }, OPTIONS, deps);
    expect(choices.slice(0, 2)).toEqual([
      {
        pattern: 'https://lms.policy.example/*',
        origin: 'https://lms.policy.example',
        profileId: 'policy-lms',
        instituteName: DEMO_LMS_PROFILE.instituteName,
        mode: 'webOtp',
      },
      {
        pattern: 'https://*.hrd-lms.example/*',
        origin: null,
        profileId: 'imported-hrd',
        instituteName: HRD_MOTP_PROFILE.instituteName,
        mode: 'hrdMotp',
      },
    ]);
  });

  it('registering again replaces the registration and its secret', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.advance(MINUTE);
    const second = randomSecret();
    const status = await h.register(second, { name: '김철수', phone: '010-2222-3333' });
    expect(status.registration).toMatchObject({
      name: '김철수',
      phone: '01022223333',
      registeredAt: START + MINUTE,
    });
    expect(await h.db.registrations.count()).toBe(1);
    const code = await h.request({ type: 'webOtp/code', pin: PIN }, POPUP);
    expect(code.code).toBe(codeAt(second, START + MINUTE).code);
  });
});

describe('webOtp/code', () => {
  it('with the right PIN returns the TOTP code of the secret at deps.now(), with its step', async () => {
    const h = harness();
    const secret = randomSecret();
    await h.register(secret);
    h.advance(123_456);
    const now = START + 123_456;
    const expected = codeAt(secret, now);
    expect(await h.request({ type: 'webOtp/code', pin: PIN }, POPUP)).toEqual({
      code: expected.code,
      step: expected.step,
      expiresAt: expected.expiresAt,
      issuedAt: now,
      period: 60,
      // The server did not answer the clock samples: uncorrected.
      clockOffsetMs: null,
    });
    // The clock drives the code: a minute later it is the next step's.
    h.advance(MINUTE);
    const later = await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY);
    expect(later).toMatchObject({ code: codeAt(secret, now + MINUTE).code, step: expected.step + 1 });
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

    const record = await webOtpRecord(h);
    expect(record?.wrappedSecret).toBeNull();
    expect(await countersOf(h)).toMatchObject({ wrongPins: 5, secretWiped: true });
    expect(await protocolError(h.request({ type: 'webOtp/code', pin: PIN }, POPUP))).toEqual({
      code: 'secretWiped',
    });

    const status = await h.request({ type: 'status/get' }, POPUP);
    expect(status.pinAttemptsLeft).toBe(0);
    expect(status.registration?.hasSecret).toBe(false);
    const types = await eventTypes(h);
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
    expect((await webOtpRecord(h))?.wrappedSecret).toBeNull();
  });

  it('a new registration after the wipe works again', async () => {
    const h = harness();
    await h.register(randomSecret());
    for (let i = 0; i < 5; i += 1)
      await protocolError(h.request({ type: 'webOtp/code', pin: WRONG_PIN }, POPUP));
    const secret = randomSecret();
    const status = await h.register(secret);
    expect(status).toMatchObject({ pinAttemptsLeft: 5, registration: { hasSecret: true } });
    expect((await h.request({ type: 'webOtp/code', pin: PIN }, POPUP)).code).toBe(codeAt(secret, START).code);
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

  it('refuses a step at or before the last submitted one (codeAlreadyUsed), and works again a step later', async () => {
    const h = harness();
    const secret = randomSecret();
    await h.register(secret);
    h.fillResults.push(SUCCESS);
    const { code, step } = await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY);
    await h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step });
    expect((await webOtpRecord(h))?.lastSubmittedStep).toBe(step);

    // START is 20 s into its step: the next code comes in 40 s.
    h.advance(10_000);
    expect(await protocolError(h.request({ type: 'webOtp/code', pin: PIN }, POPUP))).toEqual({
      code: 'codeAlreadyUsed',
      retryInSeconds: 30,
    });
    h.advance(30_000);
    const next = await h.request({ type: 'webOtp/code', pin: PIN }, POPUP);
    expect(next).toMatchObject({ step: step + 1, code: codeAt(secret, START + 40_000).code });
  });
});

describe('webOtp/code and the LMS clock', () => {
  const storeOffset = (h: Harness, offsetMs: number, measuredAt: number) =>
    h.db.clock.put({ origin: LMS_ORIGIN, offsetMs, uncertaintyMs: 500, measuredAt });

  it('a stored offset of −180 s gives the code of deps.now() − 180 s and reports it', async () => {
    const h = harness();
    const secret = randomSecret();
    await h.register(secret);
    await storeOffset(h, -180_000, START);
    h.advance(5_000);
    const trusted = h.now() - 180_000;
    const expected = codeAt(secret, trusted);
    expect(await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY)).toEqual({
      code: expected.code,
      step: expected.step,
      expiresAt: expected.expiresAt,
      issuedAt: trusted,
      period: 60,
      clockOffsetMs: -180_000,
    });
    expect(expected.code).not.toBe(codeAt(secret, h.now()).code);
    // Fresh: not measured again.
    expect(h.clockCalls).toEqual([]);
    // The overlay's context shows the same offset on the registered origin.
    expect((await h.request({ type: 'checkpoint/context' })).clockOffsetMs).toBe(-180_000);
  });

  it('a stale offset is measured again against the registered origin; a notable skew is logged once', async () => {
    const h = harness();
    const secret = randomSecret();
    await h.register(secret);
    await storeOffset(h, 0, START - 11 * MINUTE);
    // The device is three minutes behind the server.
    h.serverOffsetMs = 180_000;
    const first = await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY);
    expect(h.clockCalls).toEqual([LMS_ORIGIN, LMS_ORIGIN, LMS_ORIGIN]);
    const stored = await h.db.clock.get(LMS_ORIGIN);
    expect(stored).toMatchObject({ origin: LMS_ORIGIN, measuredAt: START + 40 });
    expect(Math.abs((stored?.offsetMs ?? 0) - 180_000)).toBeLessThanOrEqual(stored?.uncertaintyMs ?? 0);
    expect(stored?.uncertaintyMs).toBeLessThanOrEqual(520);
    expect(first.clockOffsetMs).toBe(stored?.offsetMs);
    expect(first.code).toBe(codeAt(secret, START + (stored?.offsetMs ?? 0)).code);
    expect(first.issuedAt).toBe(START + (stored?.offsetMs ?? 0));

    const skews = await h.db.events.where('type').equals('clockSkew').toArray();
    expect(skews).toMatchObject([{ type: 'clockSkew', profileId: 'demo-lms', skewSeconds: 180 }]);

    // Fresh now: no new samples, no second warning.
    h.advance(MINUTE);
    await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY);
    expect(h.clockCalls).toHaveLength(3);
    // Stale again, still skewed: measured again, but the skew is not news.
    h.advance(11 * MINUTE);
    await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY);
    expect(h.clockCalls).toHaveLength(6);
    expect(await h.db.events.where('type').equals('clockSkew').count()).toBe(1);
  });

  it('a small skew is corrected silently', async () => {
    const h = harness();
    const secret = randomSecret();
    await h.register(secret);
    h.serverOffsetMs = 2_000;
    const code = await h.request({ type: 'webOtp/code', pin: PIN }, POPUP);
    expect(h.clockCalls).toHaveLength(3);
    expect(Math.abs((code.clockOffsetMs ?? 0) - 2_000)).toBeLessThanOrEqual(520);
    expect(await h.db.events.where('type').equals('clockSkew').count()).toBe(0);
  });

  it('when the server does not answer, the last estimate is kept', async () => {
    const h = harness();
    const secret = randomSecret();
    await h.register(secret);
    await storeOffset(h, -180_000, START - 11 * MINUTE);
    h.serverOffsetMs = null;
    const code = await h.request({ type: 'webOtp/code', pin: PIN }, POPUP);
    expect(h.clockCalls).toHaveLength(3);
    expect(code).toMatchObject({ clockOffsetMs: -180_000, code: codeAt(secret, START - 180_000).code });
  });

  it('a sampler that throws is treated as no answer', async () => {
    const h = harness();
    await h.register(randomSecret());
    const deps: BackgroundDeps = {
      ...h.deps,
      sampleServerClock: async () => {
        throw new TypeError('Failed to fetch');
      },
    };
    const code = await handleRequest({ type: 'webOtp/code', pin: PIN }, POPUP, deps);
    expect(code.clockOffsetMs).toBeNull();
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
    expect(outcome.codeAttemptsLeft).toBe(4);
    expect(fills(h)).toEqual([
      {
        tabId: 7,
        request: { type: 'page/fill', code: '012345', origin: LMS_ORIGIN, fillId: expect.any(String) },
      },
    ]);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 1, codesLocked: false });
  });

  it('takes the server count when it is stricter', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(failure(2));
    const outcome = await submitWebOtp(h);
    expect(outcome.status.codeAttemptsLeft).toBe(2);
  });

  it('web OTP needs the step its code belongs to', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(SUCCESS);
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '123456', method: 'webOtp' })),
    ).toEqual({ code: 'invalidRequest' });
    expect(fills(h)).toEqual([]);
  });

  it('never submits the same step twice', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(failure(4), SUCCESS);
    const { code, step } = await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY);
    await h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step });
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step })),
    ).toMatchObject({ code: 'codeAlreadyUsed' });
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step: step - 1 })),
    ).toMatchObject({ code: 'codeAlreadyUsed' });
    expect(fills(h)).toHaveLength(1);
  });

  it('two concurrent web-OTP submits of the same step: exactly one fills', async () => {
    const h = harness();
    await h.register(randomSecret());
    const second = h.openTab(8, `${LMS_ORIGIN}/courses/c102/checkpoint/entry`, {
      ...FACTS,
      courseId: 'c102',
    });
    h.fillByTab.set(7, { result: SUCCESS, delayMs: 5 });
    h.fillByTab.set(8, { result: SUCCESS, delayMs: 5 });
    const { code, step } = await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY);
    const outcomes = await Promise.allSettled([
      h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step }, OVERLAY),
      h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step }, second),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(ProtocolFailure);
    expect(rejected?.status === 'rejected' && (rejected.reason as ProtocolFailure).error.code).toBe(
      'codeAlreadyUsed',
    );
    expect(fills(h)).toHaveLength(1);
  });

  it('five tabs failing at once end with exactly five failures and a lock (verdicts 4, 3, 2, 1, locked in any order)', async () => {
    const verdicts = [failure(4), failure(3), failure(2), failure(1), LOCKED];
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(verdicts, { minLength: 5, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 5, maxLength: 5 }),
        async (order, delays) => {
          const h = harness();
          await h.register(randomSecret());
          const senders = order.map((result, i) => {
            const tabId = 11 + i;
            h.fillByTab.set(tabId, { result, delayMs: delays[i] ?? 0 });
            return h.openTab(tabId, `${LMS_ORIGIN}/courses/c10${i}/exam`, {
              ...FACTS,
              ruleId: 'demo-exam',
              kind: 'exam',
              courseId: `c10${i}`,
            });
          });
          const outcomes = await Promise.all(
            senders.map((sender, i) =>
              h.request({ type: 'checkpoint/submit', code: `00000${i}`, method: 'app' }, sender),
            ),
          );
          expect(outcomes).toHaveLength(5);
          expect(await countersOf(h)).toMatchObject({ wrongCodes: 5, codesLocked: true });
          expect(fills(h)).toHaveLength(5);
          const types = await eventTypes(h);
          expect(types.filter((t) => t === 'codeSubmitted')).toHaveLength(5);
          expect(types.filter((t) => t === 'codesLocked')).toHaveLength(1);
          expect((await h.request({ type: 'status/get' }, POPUP)).codeAttemptsLeft).toBe(0);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('five tabs failing at once with no count from the page: each failure counts, exactly five', async () => {
    const h = harness();
    await h.register(randomSecret());
    const senders = [0, 1, 2, 3, 4].map((i) => {
      h.fillByTab.set(21 + i, { result: failure(null), delayMs: (i * 3) % 5 });
      return h.openTab(21 + i, ENTRY_URL, FACTS);
    });
    await Promise.all(
      senders.map((sender) =>
        h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' }, sender),
      ),
    );
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 5, codesLocked: true });
    expect((await eventTypes(h)).filter((t) => t === 'codesLocked')).toHaveLength(1);
  });

  it.each([
    ['another scheme', 'https://127.0.0.1:8610/courses/c101/checkpoint/entry'],
    ['a look-alike host', 'http://127.0.0.1.evil.com:8610/courses/c101/checkpoint/entry'],
    ['localhost', 'http://localhost:8610/courses/c101/checkpoint/entry'],
  ])('refuses a tab on %s with originMismatch and never fills', async (_label, tabUrl) => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(SUCCESS, SUCCESS);
    const sender: TrustedSender = { kind: 'page', page: 'overlay', tabId: 7, tabUrl };
    for (const method of ['app', 'webOtp'] as const) {
      expect(
        await protocolError(
          h.request({ type: 'checkpoint/submit', code: '123456', method, step: 1 }, sender),
        ),
        method,
      ).toEqual({ code: 'originMismatch' });
    }
    expect(fills(h)).toEqual([]);
  });

  it('another port of the registered LMS takes no code at all, web OTP or app', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(SUCCESS);
    const tabUrl = 'http://127.0.0.1:8611/courses/c101/checkpoint/entry';
    const sender: TrustedSender = { kind: 'page', page: 'overlay', tabId: 7, tabUrl };
    for (const method of ['webOtp', 'app'] as const) {
      expect(
        await protocolError(
          h.request({ type: 'checkpoint/submit', code: '123456', method, step: 1 }, sender),
        ),
      ).toEqual({ code: 'originMismatch' });
    }
    // Nor is a web-OTP code made for its overlay, before any PIN is checked.
    expect(await protocolError(h.request({ type: 'webOtp/code', pin: PIN }, sender))).toEqual({
      code: 'originMismatch',
    });
    expect(fills(h)).toEqual([]);
    expect(await countersOf(h)).toMatchObject({ wrongPins: 0, wrongCodes: 0 });
  });

  it('refuses page facts of one profile on another profile’s origin', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(SUCCESS);
    const sender = h.openTab(9, ENTRY_URL, HRD_FACTS);
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' }, sender)),
    ).toEqual({ code: 'originMismatch' });
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

  it('refuses when the page shows no checkpoint', async () => {
    const h = harness();
    await h.register(randomSecret());
    const sender = h.openTab(9, `${LMS_ORIGIN}/courses/c101`, null);
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' }, sender)),
    ).toEqual({ code: 'noCheckpoint' });
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
    const types = await eventTypes(h);
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

  it('a notCounted answer (refused before verifying) does not count', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(failure(4), NOT_COUNTED);
    await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    const outcome = await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    expect(outcome.result.outcome).toBe('notCounted');
    expect(outcome.status.codeAttemptsLeft).toBe(4);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 1, codesLocked: false });
  });

  it('an unavailable verifier does not count, and is logged', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(UNAVAILABLE);
    const outcome = await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    expect(outcome).toMatchObject({ result: { outcome: 'unavailable' }, codeAttemptsLeft: 5 });
    expect(await h.db.events.orderBy('id').toArray()).toMatchObject([
      { type: 'registered' },
      { type: 'codeSubmitted', outcome: 'unavailable', attemptsLeft: 5, courseId: 'c101', kind: 'entry' },
      { type: 'verifierUnavailable', courseId: 'c101', kind: 'entry' },
    ]);
    expect(await progressOf(h, 'c101')).toBeUndefined();
  });

  it('a page that does not answer costs nothing, but its step stays used', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillByTab.set(7, { result: new ProtocolFailure({ code: 'pageDidNotAnswer' }), delayMs: 0 });
    const { code, step } = await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY);
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step })),
    ).toEqual({ code: 'pageDidNotAnswer' });
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 0 });
    expect(await h.db.events.where('type').equals('codeSubmitted').count()).toBe(0);
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step })),
    ).toMatchObject({ code: 'codeAlreadyUsed' });
  });

  it('success clears the code count', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(failure(3), SUCCESS);
    await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    const outcome = await submitWebOtp(h);
    expect(outcome.status.codeAttemptsLeft).toBe(5);
    expect(await h.db.events.where('type').equals('codeSubmitted').toArray()).toMatchObject([
      { outcome: 'failure', attemptsLeft: 3, courseId: 'c101', kind: 'entry', method: 'app' },
      { outcome: 'success', attemptsLeft: 5, courseId: 'c101', kind: 'entry', method: 'webOtp' },
    ]);
  });

  it('before registration: web OTP is refused without filling; an app code counts for the trainee the page shows', async () => {
    const h = harness();
    h.fillResults.push(failure(4));
    expect(
      await protocolError(
        h.request({ type: 'checkpoint/submit', code: '123456', method: 'webOtp', step: 1 }),
      ),
    ).toEqual({ code: 'notRegistered' });
    expect(fills(h)).toEqual([]);
    const outcome = await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    expect(outcome.codeAttemptsLeft).toBe(4);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 1 });
  });
});

describe('checkpoint/submit while the page covers the overlay', () => {
  const AT: [number, number][] = [
    [210, 500],
    [180, 490],
    [240, 490],
    [180, 510],
    [240, 510],
  ];
  const exposureCalls = (h: Harness) =>
    h.contentCalls.filter((call) => call.request.type === 'overlay/exposure');

  it('fills nothing and counts nothing while a page element covers the submit button', async () => {
    const h = harness();
    await h.register(randomSecret());
    const before = await tableCounts(h.db);
    h.exposure = () => ({ ...SHOWN_OVERLAY, hits: [true, false, true, true, true] });
    h.fillResults.push(SUCCESS);
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '012345', method: 'app', at: AT })),
    ).toEqual({ code: 'overlayCovered', detail: 'covered' });
    expect(exposureCalls(h)).toEqual([{ tabId: 7, request: { type: 'overlay/exposure', points: AT } }]);
    expect(fills(h)).toEqual([]);
    expect(await tableCounts(h.db)).toEqual(before);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 0, codesLocked: false });

    // The page took its element away: the same submit goes through.
    h.exposure = () => SHOWN_OVERLAY;
    const outcome = await h.request({ type: 'checkpoint/submit', code: '012345', method: 'app', at: AT });
    expect(outcome.result).toEqual(SUCCESS);
    expect(fills(h)).toHaveLength(1);
  });

  it('leaves a refused web-OTP step unclaimed, so the same code submits once the overlay is opaque', async () => {
    const h = harness();
    await h.register(randomSecret());
    const { code, step } = await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY);
    h.exposure = () => ({ ...SHOWN_OVERLAY, root: { ...SHOWN_OVERLAY.root, opacity: '0.01' } });
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step, at: AT })),
    ).toEqual({ code: 'overlayCovered', detail: 'transparent' });
    expect((await webOtpRecord(h))?.lastSubmittedStep).toBeNull();
    expect(fills(h)).toEqual([]);

    h.exposure = () => SHOWN_OVERLAY;
    h.fillResults.push(SUCCESS);
    expect(
      (await h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step, at: AT })).result,
    ).toEqual(SUCCESS);
    expect((await webOtpRecord(h))?.lastSubmittedStep).toBe(step);
  });

  it('refuses when no frame hosts a checkpoint overlay, or its content script does not answer', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(SUCCESS);
    h.exposure = () => null;
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '012345', method: 'app', at: AT })),
    ).toEqual({ code: 'overlayCovered', detail: 'unanswered' });
    h.exposure = () => {
      throw new Error('no content script in this frame');
    };
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '012345', method: 'app', at: AT })),
    ).toEqual({ code: 'overlayCovered', detail: 'unanswered' });
    expect(fills(h)).toEqual([]);
  });

  it('asks for the overlay’s centre when the request names no point', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(SUCCESS);
    await h.request({ type: 'checkpoint/submit', code: '012345', method: 'app' });
    expect(exposureCalls(h)).toEqual([{ tabId: 7, request: { type: 'overlay/exposure', points: [] } }]);
  });

  it('asks the checkpoint’s frame when the top frame has no content script of ours', async () => {
    const h = harness();
    await h.register(randomSecret());
    // A checkpoint reported from a sub-frame (a player's iframe) whose top page is not configured.
    await h.request({ type: 'checkpoint/seen', facts: FACTS }, { ...CONTENT, frameId: 9 });
    const asked: number[] = [];
    h.exposure = (frameId) => {
      asked.push(frameId);
      if (frameId === 0) throw new Error('no content script in the top frame');
      return { ...SHOWN_OVERLAY, hits: [false] };
    };
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '012345', method: 'app', at: AT })),
    ).toEqual({ code: 'overlayCovered', detail: 'covered' });
    expect(asked).toEqual([0, 9]);

    asked.length = 0;
    h.exposure = (frameId) => {
      asked.push(frameId);
      return frameId === 0 ? null : SHOWN_OVERLAY;
    };
    h.fillResults.push(SUCCESS);
    expect(
      (await h.request({ type: 'checkpoint/submit', code: '012345', method: 'app', at: AT })).result,
    ).toEqual(SUCCESS);
    expect(asked).toEqual([0, 9]);
  });

  it('says a locked trainee is locked, before asking about the overlay', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(failure(0));
    await h.request({ type: 'checkpoint/submit', code: '012345', method: 'app', at: AT });
    h.exposure = () => ({ ...SHOWN_OVERLAY, hits: [false] });
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '123456', method: 'app', at: AT })),
    ).toEqual({ code: 'codesLocked' });
  });
});

describe('course progress', () => {
  it('a passed entry records the course at session 1; the next entry is not due', async () => {
    const h = harness();
    await h.register(randomSecret());
    expect((await h.request({ type: 'checkpoint/context' })).decision).toEqual({
      due: true,
      reason: 'firstEntry',
    });
    h.fillResults.push(SUCCESS);
    await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    expect(await progressOf(h, 'c101')).toEqual({
      profileId: 'demo-lms',
      courseId: 'c101',
      entryVerifiedAt: START,
      lastVerifiedSession: 1,
      lastDailyLoginDay: null,
      updatedAt: START,
    });
    const context = await h.request({ type: 'checkpoint/context' });
    expect(context.decision).toEqual({ due: false, reason: 'entryAlreadyVerified' });
    expect(context.progress).toEqual({
      entryVerifiedAt: START,
      lastVerifiedSession: 1,
      lastDailyLoginDay: null,
    });
  });

  it('success at a session checkpoint records lastVerifiedSession; then 12 is covered and 17 is due', async () => {
    const h = harness();
    await h.register(randomSecret());
    const at9 = h.openTab(9, `${LMS_ORIGIN}/courses/c101/learn?session=9`, sessionFacts(9));
    h.fillResults.push(failure(4), SUCCESS);
    await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' }, at9);
    // A failure records nothing.
    expect(await progressOf(h, 'c101')).toBeUndefined();
    h.advance(MINUTE);
    await h.request({ type: 'checkpoint/submit', code: '234567', method: 'app' }, at9);
    expect(await progressOf(h, 'c101')).toMatchObject({ lastVerifiedSession: 9, updatedAt: START + MINUTE });
    expect(await h.db.events.where('type').equals('codeSubmitted').last()).toMatchObject({
      kind: 'session',
      session: 9,
      outcome: 'success',
    });

    const at12 = h.openTab(12, `${LMS_ORIGIN}/courses/c101/learn?session=12`, sessionFacts(12));
    expect((await h.request({ type: 'checkpoint/context' }, at12)).decision).toEqual({
      due: false,
      reason: 'sessionCovered',
      lastVerifiedSession: 9,
      sessionsSince: 3,
    });
    const at17 = h.openTab(17, `${LMS_ORIGIN}/courses/c101/learn?session=17`, sessionFacts(17));
    expect((await h.request({ type: 'checkpoint/context' }, at17)).decision).toEqual({
      due: true,
      reason: 'sessionInterval',
      lastVerifiedSession: 9,
      sessionsSince: 8,
    });
    // Another course is untouched.
    const other = h.openTab(18, `${LMS_ORIGIN}/courses/c102/learn?session=12`, sessionFacts(12, 'c102'));
    expect((await h.request({ type: 'checkpoint/context' }, other)).decision).toEqual({
      due: true,
      reason: 'entryFirst',
    });
  });

  it('a passed exam changes no session count', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(SUCCESS, SUCCESS);
    await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    const exam = h.openTab(9, `${LMS_ORIGIN}/courses/c101/exam`, {
      ...FACTS,
      ruleId: 'demo-exam',
      kind: 'exam',
    });
    expect((await h.request({ type: 'checkpoint/context' }, exam)).decision).toEqual({
      due: true,
      reason: 'beforeAssessment',
    });
    await h.request({ type: 'checkpoint/submit', code: '234567', method: 'app' }, exam);
    expect(await progressOf(h, 'c101')).toMatchObject({ lastVerifiedSession: 1 });
  });
});

describe('checkpoint/context', () => {
  it('compares the trainee and the origin, and gives the decision, fallbacks and support', async () => {
    const h = harness();
    await h.register(randomSecret());
    const context = await h.request({ type: 'checkpoint/context' });
    expect(context).toEqual({
      facts: FACTS,
      mode: 'webOtp',
      // No HRD answer seen in this tab: nothing to show yet.
      attempt: null,
      device: null,
      checkpointInFrame: false,
      status: await h.request({ type: 'status/get' }, POPUP),
      codeAttemptsLeft: 5,
      identity: 'match',
      originMatches: true,
      decision: { due: true, reason: 'firstEntry' },
      progress: { entryVerifiedAt: null, lastVerifiedSession: null, lastDailyLoginDay: null },
      fallbacks: [
        { kind: 'phone', url: `${LMS_ORIGIN}/identity/phone` },
        { kind: 'ipin', url: `${LMS_ORIGIN}/identity/ipin` },
      ],
      support: { phone: '1833-3075', email: 'help@demo-lms.example', kakaoChannel: '데모원격훈련원' },
      instituteName: '데모 원격훈련원',
      branding: null,
      clockOffsetMs: null,
      pageOrigin: LMS_ORIGIN,
    });
    const elsewhere: TrustedSender = {
      kind: 'page',
      page: 'overlay',
      tabId: 7,
      tabUrl: 'http://127.0.0.1:9999/x',
    };
    const there = await h.request({ type: 'checkpoint/context' }, elsewhere);
    expect(there.originMatches).toBe(false);
    expect(there.pageOrigin).toBe('http://127.0.0.1:9999');
    expect(there.fallbacks[0]?.url).toBe('http://127.0.0.1:9999/identity/phone');
    await h.register(randomSecret(), { name: '김철수' });
    expect((await h.request({ type: 'checkpoint/context' })).identity).toBe('mismatch');
  });

  it('names the institute and its branding from the profile in charge (a custom one replacing the bundled)', async () => {
    const h = harness();
    const custom = {
      ...DEMO_LMS_PROFILE,
      instituteName: '정책 훈련원',
      support: { phone: '1600-0000' },
      branding: { primaryColor: '#0a7d3b' },
    };
    const deps: BackgroundDeps = {
      ...h.deps,
      profiles: [custom, ...BUNDLED_PROFILES.filter((p) => p.id !== custom.id)],
    };
    const context = await handleRequest({ type: 'checkpoint/context' }, OVERLAY, deps);
    expect(context).toMatchObject({
      instituteName: '정책 훈련원',
      branding: { primaryColor: '#0a7d3b' },
      support: { phone: '1600-0000' },
      pageOrigin: LMS_ORIGIN,
    });
  });

  it('before registration: identity unknown, no origin match, the page’s trainee counted', async () => {
    const h = harness();
    const context = await h.request({ type: 'checkpoint/context' });
    expect(context).toMatchObject({
      identity: 'unknown',
      originMatches: false,
      codeAttemptsLeft: 5,
      status: { registration: null },
    });
  });

  it('refuses when the page shows no checkpoint, or from a sender without a tab', async () => {
    const h = harness();
    const sender = h.openTab(9, `${LMS_ORIGIN}/courses`, null);
    expect(await protocolError(h.request({ type: 'checkpoint/context' }, sender))).toEqual({
      code: 'noCheckpoint',
    });
    expect(await protocolError(h.request({ type: 'checkpoint/context' }, POPUP))).toEqual({
      code: 'untrustedSender',
    });
  });

  it('mirrors a stricter pageAttemptsLeft, but never loosens', async () => {
    const h = harness();
    await h.register(randomSecret());
    const tab = h.tabs.get(7);
    if (!tab) throw new Error('no tab');
    tab.facts = { ...FACTS, pageAttemptsLeft: 2 };
    expect((await h.request({ type: 'checkpoint/context' })).codeAttemptsLeft).toBe(2);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 3, codesLocked: false });
    tab.facts = { ...FACTS, pageAttemptsLeft: 5 };
    const context = await h.request({ type: 'checkpoint/context' });
    expect(context.codeAttemptsLeft).toBe(2);
    expect(context.status.codeAttemptsLeft).toBe(2);
    tab.facts = { ...FACTS, pageAttemptsLeft: 0 };
    expect((await h.request({ type: 'checkpoint/context' })).codeAttemptsLeft).toBe(0);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 5, codesLocked: true });
    h.fillResults.push(SUCCESS);
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' })),
    ).toEqual({ code: 'codesLocked' });
    expect(fills(h)).toEqual([]);
  });

  it('a page count after a failure takes the stricter of the two', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(failure(null), failure(null));
    await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    const tab = h.tabs.get(7);
    if (!tab) throw new Error('no tab');
    tab.facts = { ...FACTS, pageAttemptsLeft: 4 };
    expect((await h.request({ type: 'checkpoint/context' })).codeAttemptsLeft).toBe(3);
  });
});

describe('an HRD mOTP page', () => {
  function hrdHarness() {
    const h = harness();
    const sender = h.openTab(30, HRD_URL, HRD_FACTS);
    return { h, sender };
  }

  it('refuses a web-OTP submit with wrongMode and fills nothing', async () => {
    const { h, sender } = hrdHarness();
    await h.register(randomSecret());
    h.fillResults.push(SUCCESS);
    const { code, step } = await h.request({ type: 'webOtp/code', pin: PIN }, POPUP);
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step }, sender)),
    ).toEqual({ code: 'wrongMode' });
    expect(fills(h)).toEqual([]);
    // Nothing was claimed either: the code is still usable where it belongs.
    expect((await webOtpRecord(h))?.lastSubmittedStep).toBeNull();
  });

  it('refuses web OTP without a registration too', async () => {
    const { h, sender } = hrdHarness();
    expect(
      await protocolError(
        h.request({ type: 'checkpoint/submit', code: '123456', method: 'webOtp', step: 1 }, sender),
      ),
    ).toEqual({ code: 'wrongMode' });
    expect(fills(h)).toEqual([]);
  });

  it('fills an app code into the HRD page', async () => {
    const { h, sender } = hrdHarness();
    h.fillResults.push({ outcome: 'success', attemptsLeft: null, message: 'mOTP 인증이 완료되었습니다.' });
    const outcome = await h.request({ type: 'checkpoint/submit', code: '482913', method: 'app' }, sender);
    expect(outcome.result.outcome).toBe('success');
    expect(fills(h)).toEqual([
      {
        tabId: 30,
        request: { type: 'page/fill', code: '482913', origin: HRD_ORIGIN, fillId: expect.any(String) },
      },
    ]);
    expect(await progressOf(h, 'h201', 'hrd-motp')).toMatchObject({ lastVerifiedSession: 1 });
    expect(await h.db.events.where('type').equals('codeSubmitted').toArray()).toMatchObject([
      { profileId: 'hrd-motp', courseId: 'h201', method: 'app', outcome: 'success' },
    ]);
  });

  it('mirrors "(실패 2회 / 5회)" as 3 attempts left', async () => {
    const { h, sender } = hrdHarness();
    await h.register(randomSecret());
    h.fillResults.push(hrdFailure(2));
    const outcome = await h.request({ type: 'checkpoint/submit', code: '482913', method: 'app' }, sender);
    expect(outcome.result.attemptsLeft).toBe(3);
    expect(outcome.codeAttemptsLeft).toBe(3);
    expect(await countersOf(h, 'hrd-motp')).toMatchObject({ wrongCodes: 2, codesLocked: false });
    const context = await h.request({ type: 'checkpoint/context' }, sender);
    expect(context).toMatchObject({
      mode: 'hrdMotp',
      codeAttemptsLeft: 3,
      identity: 'match',
      originMatches: false,
      fallbacks: [
        { kind: 'phone', url: `${HRD_ORIGIN}/identity/phone` },
        { kind: 'ipin', url: `${HRD_ORIGIN}/identity/ipin` },
      ],
      support: { phone: '1833-3075' },
      clockOffsetMs: null,
    });
    // The web-OTP registration's own budget is another institute's: untouched.
    expect((await h.request({ type: 'status/get' }, POPUP)).codeAttemptsLeft).toBe(5);
  });

  it("keeps HRD's time from the page's own stamped request, and reads the phone clock check by it", async () => {
    const { h, sender } = hrdHarness();
    h.serverOffsetMs = 5_000;
    const facts = {
      kind: 'entry',
      session: null,
      traineeName: null,
      traineePhone: null,
      carriesCode: false,
      codeLength: 0,
    } as const;
    const frame: TrustedSender = { ...CONTENT, tabId: 30, origin: HRD_ORIGIN, topOrigin: HRD_ORIGIN };
    const observe = (url: string, hrdTime: number) =>
      h.request(
        {
          type: 'page/observed',
          pageId: 'page-0001',
          observation: { kind: 'request', id: 1, url, facts: { ...facts, hrdTime } },
        },
        frame,
      );
    // A stamp on a request to anything but HRD's API says nothing about HRD's clock.
    await observe('https://tracker.example/collect', h.now() + 600_000);
    await observe('https://emonotp.hrdkorea.or.kr/api/v2/otp_accredit', h.now() + 90_000);
    const context = await h.request({ type: 'checkpoint/context' }, sender);
    // One-second stamps, taken within the second before the request arrived.
    expect(context.clockOffsetMs).toBeGreaterThanOrEqual(89_000);
    expect(context.clockOffsetMs).toBeLessThanOrEqual(91_000);
    // HRD's own time stands in for the LMS's Date header while it is fresh …
    expect(h.clockCalls).toEqual([]);
    // … and once stale, the LMS is asked again.
    h.advance(11 * MINUTE);
    const later = await h.request({ type: 'checkpoint/context' }, sender);
    expect(h.clockCalls.length).toBeGreaterThan(0);
    expect(Math.abs((later.clockOffsetMs ?? 0) - 5_000)).toBeLessThanOrEqual(1_000);
  });

  it("a page's request and HRD's answer sent back to back are handled in that order: one wrong code, counted once", async () => {
    const { h } = hrdHarness();
    const frame: TrustedSender = { ...CONTENT, tabId: 31, origin: HRD_ORIGIN, topOrigin: HRD_ORIGIN };
    const url = 'https://emonotp.hrdkorea.or.kr/api/v2/otp_accredit';
    const facts = {
      kind: 'entry',
      session: null,
      traineeName: null,
      traineePhone: null,
      carriesCode: true,
      codeLength: 6,
      // The stamp makes the request's handling write HRD's time first: the longer of the two.
      hrdTime: h.now(),
    } as const;
    await Promise.all([
      h.request(
        { type: 'page/observed', pageId: 'page-0002', observation: { kind: 'request', id: 1, url, facts } },
        frame,
      ),
      h.request(
        {
          type: 'page/observed',
          pageId: 'page-0002',
          observation: { kind: 'answer', id: 1, url, status: 200, body: '{"code":"AP001","msg":"불일치"}' },
        },
        frame,
      ),
    ]);
    // Long after: an attempt left pending would have expired to unknown and counted again.
    h.advance(MINUTE);
    // The page's next request (no code) has the tab's attempts looked at again.
    await h.request(
      {
        type: 'page/observed',
        pageId: 'page-0002',
        observation: { kind: 'request', id: 2, url, facts: { ...facts, carriesCode: false, codeLength: 0 } },
      },
      frame,
    );
    const submitted = (await h.db.events.toArray()).filter((event) => event.type === 'codeSubmitted');
    expect(submitted).toMatchObject([{ outcome: 'failure', attemptsLeft: 4 }]);
  });

  it('five HRD failures lock the HRD checkpoints', async () => {
    const { h, sender } = hrdHarness();
    h.fillResults.push(hrdFailure(1), hrdFailure(2), hrdFailure(3), hrdFailure(4), {
      outcome: 'locked',
      attemptsLeft: 0,
      message: 'mOTP 인증 5회 실패로 휴대폰 본인인증이 필요합니다.',
    });
    for (let i = 0; i < 5; i += 1)
      await h.request({ type: 'checkpoint/submit', code: '482913', method: 'app' }, sender);
    expect(await countersOf(h, 'hrd-motp')).toMatchObject({ wrongCodes: 5, codesLocked: true });
    expect(
      await protocolError(h.request({ type: 'checkpoint/submit', code: '482913', method: 'app' }, sender)),
    ).toEqual({ code: 'codesLocked' });
  });
});

describe('verifier/reset', () => {
  it('from the content script on the LMS clears the lock and logs lockReset', async () => {
    const h = await lockedHarness();
    h.advance(MINUTE);
    expect(await h.request({ type: 'verifier/reset' }, CONTENT)).toBeNull();
    expect(await countersOf(h)).toMatchObject({
      wrongCodes: 0,
      codesLocked: false,
      updatedAt: START + MINUTE,
    });
    expect((await h.request({ type: 'status/get' }, POPUP)).codeAttemptsLeft).toBe(5);
    expect(await h.db.events.where('type').equals('lockReset').toArray()).toMatchObject([
      { type: 'lockReset', profileId: 'demo-lms', at: START + MINUTE },
    ]);
    // Codes work again.
    h.fillResults.push(SUCCESS);
    expect((await submitWebOtp(h)).result.outcome).toBe('success');
  });

  it.each([
    ['the popup', POPUP],
    ['the options page', OPTIONS],
    ['the overlay', OVERLAY],
  ])('from %s is refused and changes nothing', async (_label, sender) => {
    const h = await lockedHarness();
    expect(await protocolError(h.request({ type: 'verifier/reset' }, sender))).toEqual({
      code: 'untrustedSender',
    });
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 5, codesLocked: true });
    expect(await h.db.events.where('type').equals('lockReset').count()).toBe(0);
  });

  it('from a content script on an origin no profile configures is refused', async () => {
    const h = await lockedHarness();
    const stranger: TrustedSender = {
      kind: 'content',
      tabId: 7,
      frameId: 0,
      origin: 'http://localhost:8610',
      topOrigin: 'http://localhost:8610',
      openerTabId: null,
    };
    expect(await protocolError(h.request({ type: 'verifier/reset' }, stranger))).toEqual({
      code: 'untrustedSender',
    });
    expect(await countersOf(h)).toMatchObject({ codesLocked: true });
  });

  it('with nothing to reset, logs nothing', async () => {
    const h = harness();
    await h.register(randomSecret());
    await h.request({ type: 'verifier/reset' }, CONTENT);
    expect(await eventTypes(h)).toEqual(['registered']);
  });

  it('on the HRD site clears the HRD lock (registered trainee)', async () => {
    const h = harness();
    await h.register(randomSecret());
    const sender = h.openTab(30, HRD_URL, HRD_FACTS);
    h.fillResults.push({
      outcome: 'locked',
      attemptsLeft: 0,
      message: 'mOTP 인증 5회 실패로 휴대폰 본인인증이 필요합니다.',
    });
    await h.request({ type: 'checkpoint/submit', code: '482913', method: 'app' }, sender);
    expect(await countersOf(h, 'hrd-motp')).toMatchObject({ codesLocked: true });
    await h.request(
      { type: 'verifier/reset' },
      {
        kind: 'content',
        tabId: 31,
        frameId: 0,
        origin: HRD_ORIGIN,
        topOrigin: HRD_ORIGIN,
        openerTabId: null,
      },
    );
    expect(await countersOf(h, 'hrd-motp')).toMatchObject({ wrongCodes: 0, codesLocked: false });
    expect((await h.request({ type: 'checkpoint/context' }, sender)).codeAttemptsLeft).toBe(5);
  });

  it('on the HRD site clears the HRD lock of a trainee without a web-OTP registration', async () => {
    // HRD trainees need no web-OTP registration: their failures are counted for the trainee the
    // page shows, and the institute's reset must reach that same count.
    const h = harness();
    const sender = h.openTab(30, HRD_URL, HRD_FACTS);
    h.fillResults.push({
      outcome: 'locked',
      attemptsLeft: 0,
      message: 'mOTP 인증 5회 실패로 휴대폰 본인인증이 필요합니다.',
    });
    await h.request({ type: 'checkpoint/submit', code: '482913', method: 'app' }, sender);
    expect(await countersOf(h, 'hrd-motp')).toMatchObject({ codesLocked: true });
    await h.request(
      { type: 'verifier/reset' },
      {
        kind: 'content',
        tabId: 31,
        frameId: 0,
        origin: HRD_ORIGIN,
        topOrigin: HRD_ORIGIN,
        openerTabId: null,
      },
    );
    expect((await h.request({ type: 'checkpoint/context' }, sender)).codeAttemptsLeft).toBe(5);
    expect(await countersOf(h, 'hrd-motp')).toMatchObject({ wrongCodes: 0, codesLocked: false });
  });
});

/** A registered trainee whose five wrong codes locked the LMS. */
async function lockedHarness() {
  const h = harness();
  await h.register(randomSecret());
  h.fillResults.push(LOCKED);
  await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
  expect(await countersOf(h)).toMatchObject({ codesLocked: true });
  return h;
}
describe('a look-alike on another port or host of a profile’s pattern', () => {
  // The demo profile's pattern `http://127.0.0.1/*` covers every port; the HRD profile's names
  // several hosts. Each origin is recognised, and each keeps counts of its own.
  const LOOKALIKE = 'http://127.0.0.1:8611';
  const lookalikeContent: TrustedSender = {
    kind: 'content',
    tabId: 40,
    frameId: 0,
    origin: LOOKALIKE,
    topOrigin: LOOKALIKE,
    openerTabId: null,
  };

  it('showing "남은 횟수: 0회" locks only itself, never the registered trainee', async () => {
    const h = harness();
    await h.register(randomSecret());
    const sender = h.openTab(40, `${LOOKALIKE}/courses/c101/checkpoint/entry`, {
      ...FACTS,
      pageAttemptsLeft: 0,
    });
    expect((await h.request({ type: 'checkpoint/context' }, sender)).codeAttemptsLeft).toBe(0);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 0, codesLocked: false });
    expect((await h.request({ type: 'status/get' }, POPUP)).codeAttemptsLeft).toBe(5);
    expect((await h.request({ type: 'checkpoint/context' }, OVERLAY)).codeAttemptsLeft).toBe(5);
  });

  it('its "identity verified" page does not lift the real lock; the LMS’s own does', async () => {
    const h = await lockedHarness();
    await h.request({ type: 'verifier/reset' }, lookalikeContent);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 5, codesLocked: true });
    expect(await h.db.events.where('type').equals('lockReset').count()).toBe(0);
    await h.request({ type: 'verifier/reset' }, CONTENT);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 0, codesLocked: false });
  });

  it('wrong codes on one host of the HRD profile leave its other hosts’ counts alone', async () => {
    const h = harness();
    const other = 'http://127.0.0.4:8610';
    const first = h.openTab(50, HRD_URL, HRD_FACTS);
    const second = h.openTab(51, `${other}/courses/h201/motp`, HRD_FACTS);
    h.fillResults.push(failure(4), failure(3));
    await h.request({ type: 'checkpoint/submit', code: '482913', method: 'app' }, first);
    await h.request({ type: 'checkpoint/submit', code: '482914', method: 'app' }, first);
    expect((await h.request({ type: 'checkpoint/context' }, first)).codeAttemptsLeft).toBe(3);
    expect((await h.request({ type: 'checkpoint/context' }, second)).codeAttemptsLeft).toBe(5);
    expect(await countersOf(h, 'hrd-motp', other)).toBeUndefined();
  });
});

describe('a fill whose reply is lost (the worker stopped while the page answered)', () => {
  const fillIdOf = (h: Harness) => {
    const request = fills(h)[0]?.request;
    if (request?.type !== 'page/fill') throw new Error('no fill was sent');
    return request.fillId;
  };
  const submittedEvents = async (h: Harness) =>
    (await h.db.events.toArray()).filter((event) => event.type === 'codeSubmitted');

  it('is counted once from the content script’s own report, however often it comes', async () => {
    const h = harness();
    await h.register(randomSecret());
    await h.request({ type: 'checkpoint/seen', facts: FACTS }, CONTENT);
    h.fillByTab.set(7, { result: new Error('the worker that asked is gone'), delayMs: 0 });
    await expect(h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' })).rejects.toThrow();
    const fillId = fillIdOf(h);
    // Written down before the fill; nothing counted yet.
    expect((await h.db.tabs.get(7))?.pendingFill?.id).toBe(fillId);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 0 });
    // Another frame, or another fill's name: no news.
    await h.request({ type: 'page/filled', fillId, result: failure(4) }, { ...CONTENT, frameId: 3 });
    await h.request({ type: 'page/filled', fillId: 'fill-00000000', result: failure(4) }, CONTENT);
    expect(await submittedEvents(h)).toHaveLength(0);
    await h.request({ type: 'page/filled', fillId, result: failure(4) }, CONTENT);
    await h.request({ type: 'page/filled', fillId, result: failure(4) }, CONTENT);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 1 });
    expect((await submittedEvents(h)).map((event) => event.outcome)).toEqual(['failure']);
    expect((await h.db.tabs.get(7))?.pendingFill).toBeNull();
  });

  it('the reply and the report of one fill both arriving count it once', async () => {
    const h = harness();
    await h.register(randomSecret());
    await h.request({ type: 'checkpoint/seen', facts: FACTS }, CONTENT);
    h.fillByTab.set(7, { result: failure(4), delayMs: 50 });
    const submitted = h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    while (fills(h).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // The report comes first, while the reply is still on its way.
    await h.request({ type: 'page/filled', fillId: fillIdOf(h), result: failure(4) }, CONTENT);
    expect((await submitted).codeAttemptsLeft).toBe(4);
    expect(await countersOf(h)).toMatchObject({ wrongCodes: 1 });
    expect(await submittedEvents(h)).toHaveLength(1);
  });
});

describe('page/profile', () => {
  it('names the profile of the content script’s own origin, and nothing for an extension page', async () => {
    const h = harness();
    expect((await h.request({ type: 'page/profile' }, CONTENT))?.id).toBe('demo-lms');
    const hrd: TrustedSender = { ...CONTENT, origin: HRD_ORIGIN, topOrigin: HRD_ORIGIN };
    expect((await h.request({ type: 'page/profile' }, hrd))?.id).toBe('hrd-motp');
    const unconfigured: TrustedSender = {
      ...CONTENT,
      origin: 'http://localhost:8610',
      topOrigin: 'http://localhost:8610',
    };
    expect(await h.request({ type: 'page/profile' }, unconfigured)).toBeNull();
    expect(await protocolError(h.request({ type: 'page/profile' }, OVERLAY))).toEqual({
      code: 'untrustedSender',
    });
  });
});

describe('history', () => {
  /** Logs `checkpoint/seen` for these courses, one minute apart, as the content script does. */
  /** Checkpoints shown one visit apart, each course with its own title. */
  async function seen(h: Harness, courses: readonly (string | null)[]) {
    for (const courseId of courses) {
      h.advance(VISIT);
      const courseTitle = courseId && `${courseId} 과정`;
      await h.request({ type: 'checkpoint/seen', facts: { ...FACTS, courseId, courseTitle } }, CONTENT);
    }
  }

  it('history/page: newest first, paged with before, filtered by course', async () => {
    const h = harness();
    await seen(h, ['c101', 'c102', 'c101', 'c103', 'c101', null]);
    const first = await h.request({ type: 'history/page', courseId: null, before: null, limit: 4 }, OPTIONS);
    expect(first.entries.map((e) => e.at)).toEqual([6, 5, 4, 3].map((n) => START + n * VISIT));
    expect(first.hasMore).toBe(true);
    expect(first.courses).toEqual(['c101', 'c102', 'c103']);
    const last = cursorOf(first.entries.at(-1));
    const second = await h.request({ type: 'history/page', courseId: null, before: last, limit: 4 }, OPTIONS);
    expect(second.entries.map((e) => e.at)).toEqual([2, 1].map((n) => START + n * VISIT));
    expect(second.hasMore).toBe(false);

    const c101 = await h.request({ type: 'history/page', courseId: 'c101', before: null, limit: 2 }, OPTIONS);
    expect(c101.entries.map((e) => [e.courseId, e.at])).toEqual([
      ['c101', START + 5 * VISIT],
      ['c101', START + 3 * VISIT],
    ]);
    expect(c101.hasMore).toBe(true);
    const c101More = await h.request(
      { type: 'history/page', courseId: 'c101', before: cursorOf(c101.entries.at(-1)), limit: 2 },
      OPTIONS,
    );
    expect(c101More).toMatchObject({ entries: [{ courseId: 'c101', at: START + VISIT }], hasMore: false });
    expect(
      (await h.request({ type: 'history/page', courseId: 'c999', before: null, limit: 10 }, OPTIONS)).entries,
    ).toEqual([]);
  });

  it('history/page: paging with before loses no entry that shares a time with the page’s last', async () => {
    // A locking answer logs codeSubmitted and codesLocked at the same moment.
    const h = harness();
    await h.register(randomSecret());
    h.advance(MINUTE);
    h.fillResults.push(LOCKED);
    await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    const all = await h.db.events.count();
    expect(all).toBe(3);
    const collected: string[] = [];
    let before: { at: number; id: number } | null = null;
    for (let page = 0; page < all + 2; page += 1) {
      const result: HistoryPage = await h.request(
        { type: 'history/page', courseId: null, before, limit: 1 },
        OPTIONS,
      );
      collected.push(...result.entries.map((e) => e.type));
      if (!result.hasMore) break;
      before = cursorOf(result.entries.at(-1));
    }
    expect(collected.sort()).toEqual(['codeSubmitted', 'codesLocked', 'registered']);
  });

  it('history/page deletes entries past the retention period', async () => {
    const h = harness();
    await seen(h, ['c101']);
    h.advance(HISTORY_RETENTION_MS + MINUTE);
    await seen(h, ['c102']);
    const page = await h.request({ type: 'history/page', courseId: null, before: null, limit: 50 }, OPTIONS);
    expect(page.entries.map((e) => e.courseId)).toEqual(['c102']);
    expect(await h.db.events.count()).toBe(1);
  });

  it('history/export CSV: a BOM, a header, one line per entry, formulas neutralised', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.fillResults.push(failure(4));
    await h.request({ type: 'checkpoint/submit', code: '123456', method: 'app' });
    // Page facts come from the LMS page: a course id can be anything the page says.
    await h.request(
      {
        type: 'checkpoint/seen',
        facts: { ...FACTS, courseId: '=HYPERLINK("http://evil.example","x")', courseTitle: '+산업안전' },
      },
      CONTENT,
    );
    await h.request(
      { type: 'checkpoint/seen', facts: { ...FACTS, courseId: '@SUM(A1)', courseTitle: '+산업안전' } },
      CONTENT,
    );
    const exported = await h.request({ type: 'history/export', format: 'csv', courseId: null }, OPTIONS);
    expect(exported.filename).toBe('checkpoint-history-2023-11-14.csv');
    expect(exported.mimeType).toBe('text/csv;charset=utf-8');
    expect(exported.content.startsWith('\uFEFF')).toBe(true);
    const lines = exported.content.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    lines.pop();
    expect(lines[0]).toBe(
      'at,type,profileId,courseId,courseTitle,kind,session,method,outcome,attemptsLeft,skewSeconds',
    );
    expect(lines).toHaveLength(1 + (await h.db.events.count()));
    // The course's title is the one the page first showed for it; the page's text is defused too.
    expect(lines[1]).toBe('2023-11-14T22:13:20.000Z,registered,demo-lms,,,,,,,,');
    expect(lines[2]).toBe('2023-11-14T22:13:20.000Z,codeSubmitted,demo-lms,c101,,entry,,app,failure,4,');
    expect(lines[3]).toBe(
      '2023-11-14T22:13:20.000Z,checkpointShown,demo-lms,"\'=HYPERLINK(""http://evil.example"",""x"")",\'+산업안전,entry,,,,,',
    );
    expect(lines[4]).toBe(
      "2023-11-14T22:13:20.000Z,checkpointShown,demo-lms,'@SUM(A1),'+산업안전,entry,,,,,",
    );
    for (const line of lines) {
      for (const cell of line.split(',')) expect(cell, line).not.toMatch(/^"?[=+@]/);
    }
  });

  it('history/export by course, and as JSON', async () => {
    const h = harness();
    await seen(h, ['c101', 'c102', 'c101']);
    const csv = await h.request({ type: 'history/export', format: 'csv', courseId: 'c101' }, OPTIONS);
    expect(csv.filename).toBe('checkpoint-history-c101-2023-11-14.csv');
    expect(csv.content.split('\r\n').filter((line) => line.includes(',c10'))).toHaveLength(2);
    const json = await h.request({ type: 'history/export', format: 'json', courseId: null }, OPTIONS);
    expect(json).toMatchObject({
      filename: 'checkpoint-history-2023-11-14.json',
      mimeType: 'application/json',
    });
    const entries = JSON.parse(json.content) as Record<string, unknown>[];
    expect(entries).toHaveLength(3);
    expect(entries[0]).toEqual({
      at: new Date(START + VISIT).toISOString(),
      type: 'checkpointShown',
      profileId: 'demo-lms',
      courseId: 'c101',
      courseTitle: 'c101 과정',
      kind: 'entry',
      method: null,
      outcome: null,
      attemptsLeft: null,
      session: null,
    });
    expect(entries.every((entry) => !('id' in entry))).toBe(true);
  });

  it('history/delete empties the history', async () => {
    const h = harness();
    await seen(h, ['c101', 'c102']);
    expect(await h.request({ type: 'history/delete' }, OPTIONS)).toEqual({ deleted: 2 });
    expect(await h.db.events.count()).toBe(0);
    expect(
      await h.request({ type: 'history/page', courseId: null, before: null, limit: 50 }, OPTIONS),
    ).toEqual({
      entries: [],
      hasMore: false,
      courses: [],
      courseTitles: [],
    });
    expect(await h.request({ type: 'history/delete' }, OPTIONS)).toEqual({ deleted: 0 });
  });
});

describe('the event log', () => {
  it('holds no PIN, code or secret', async () => {
    const h = harness();
    const secret = randomSecret();
    await h.register(secret);
    await protocolError(h.request({ type: 'webOtp/code', pin: WRONG_PIN }, POPUP));
    h.advance(MINUTE);
    h.serverOffsetMs = 180_000;
    const { code, step } = await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY);
    h.fillResults.push(failure(4), SUCCESS, LOCKED);
    await h.request({ type: 'checkpoint/submit', code: '858585', method: 'app' });
    await h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step });
    await h.request({ type: 'checkpoint/seen', facts: FACTS }, CONTENT);
    await h.request({ type: 'checkpoint/submit', code: '747474', method: 'app' });
    await h.request({ type: 'verifier/reset' }, CONTENT);

    const events = await h.db.events.orderBy('id').toArray();
    expect(events.map((e) => e.type)).toEqual([
      'registered',
      'pinFailed',
      'clockSkew',
      'codeSubmitted',
      'codeSubmitted',
      'checkpointShown',
      'codeSubmitted',
      'codesLocked',
      'lockReset',
    ]);
    const csv = await h.request({ type: 'history/export', format: 'csv', courseId: null }, OPTIONS);
    const json = await h.request({ type: 'history/export', format: 'json', courseId: null }, OPTIONS);
    const page = await h.request({ type: 'history/page', courseId: null, before: null, limit: 50 }, OPTIONS);
    const secretTexts = [
      PIN,
      WRONG_PIN,
      code,
      '858585',
      '747474',
      encodeBase32(secret),
      JSON.stringify(secret),
    ];
    for (const [where, text] of [
      ['events', JSON.stringify(events)],
      ['csv', csv.content],
      ['json', json.content],
      ['page', JSON.stringify(page)],
    ] as const) {
      for (const secretText of secretTexts)
        expect(text.includes(secretText), `${where}: ${secretText}`).toBe(false);
    }
    // Nor does anything else at rest hold the PIN or the secret in the clear.
    const everything = JSON.stringify({
      registrations: await h.db.registrations.toArray(),
      counters: await h.db.counters.toArray(),
      clock: await h.db.clock.toArray(),
      courseProgress: await h.db.courseProgress.toArray(),
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

  it('a web-OTP step that cannot be claimed is never filled', async () => {
    const h = harness();
    await h.register(randomSecret());
    const { code, step } = await h.request({ type: 'webOtp/code', pin: PIN }, OVERLAY);
    vi.spyOn(h.db.registrations, 'update').mockRejectedValue(new Error('QuotaExceededError'));
    h.fillResults.push(SUCCESS);
    await expect(h.request({ type: 'checkpoint/submit', code, method: 'webOtp', step })).rejects.toThrow();
    expect(fills(h)).toEqual([]);
  });

  it('a closed database rejects, and is reported as storageFailed', async () => {
    const h = harness();
    await h.register(randomSecret());
    h.db.close();
    const error = await h.request({ type: 'webOtp/code', pin: PIN }, POPUP).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(toProtocolError(error)).toEqual({ code: 'storageFailed' });
    await expect(h.register(randomSecret())).rejects.toThrow();
  });

  it('toProtocolError passes protocol failures through and hides anything else', () => {
    expect(toProtocolError(new ProtocolFailure({ code: 'wrongMode' }))).toEqual({ code: 'wrongMode' });
    expect(toProtocolError(new TypeError('x'))).toEqual({ code: 'internal' });
    expect(toProtocolError(new DOMException('denied', 'InvalidStateError'))).toEqual({
      code: 'storageFailed',
    });
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

  it('registration/delete removes the registration and logs it', async () => {
    const h = harness();
    await h.register(randomSecret());
    const status = await h.request({ type: 'registration/delete' }, OPTIONS);
    expect(status.registration).toBeNull();
    expect(await h.db.registrations.count()).toBe(0);
    expect(await eventTypes(h)).toEqual(['registered', 'registrationDeleted']);
  });

  it('enrollment/find asks LMS tabs in order, skipping ones that do not answer', async () => {
    const h = harness();
    const uri = keyUriFor(randomSecret());
    h.lmsTabs.push(
      { id: 1, url: `${LMS_ORIGIN}/courses` },
      { id: 2, url: `${LMS_ORIGIN}/otp/enroll` },
      { id: 3, url: 'about:blank' },
    );
    h.enrollmentKeys.set(2, uri);
    expect(await h.request({ type: 'enrollment/find' }, OPTIONS)).toEqual({
      keyUri: uri,
      origin: LMS_ORIGIN,
    });
    expect(h.pickupCalls).toEqual([1, 2]);
  });

  it("enrollment/find hands over an issue page's QR picture when it shows no text key, and nothing else", async () => {
    const h = harness();
    h.lmsTabs.push(
      { id: 1, url: `${LMS_ORIGIN}/courses` },
      { id: 2, url: `${LMS_ORIGIN}/otp/enroll?view=qr` },
    );
    h.enrollmentKeys.set(1, '');
    h.enrollmentKeys.set(2, '');
    // What a page answers that is not a picture's data URL is not handed to the options page.
    h.enrollmentQrs.set(1, 'https://lms.example/qr.png');
    h.enrollmentQrs.set(2, 'data:image/svg+xml;charset=utf-8,%3Csvg%3E%3C%2Fsvg%3E');
    expect(await h.request({ type: 'enrollment/find' }, OPTIONS)).toEqual({
      qrPicture: 'data:image/svg+xml;charset=utf-8,%3Csvg%3E%3C%2Fsvg%3E',
      origin: LMS_ORIGIN,
    });
    h.enrollmentQrs.set(2, `data:image/png;base64,${'A'.repeat(4_000_001)}`);
    expect(await h.request({ type: 'enrollment/find' }, OPTIONS)).toBeNull();
  });

  it('checkpoint/seen logs the checkpoint with its session', async () => {
    const h = harness();
    await h.request({ type: 'checkpoint/seen', facts: sessionFacts(9) }, CONTENT);
    expect(await h.db.events.toArray()).toMatchObject([
      {
        type: 'checkpointShown',
        profileId: 'demo-lms',
        courseId: 'c101',
        kind: 'session',
        session: 9,
        at: START,
      },
    ]);
  });

  it('checkpoint/seen: a flickering box is one entry per visit; a page swapping checkpoints logs at most ten a minute', async () => {
    const h = harness();
    const shown = async () => (await h.db.events.where('type').equals('checkpointShown').toArray()).length;
    // The box re-rendered every 25 ms for 2.5 s, in one tab: one visit.
    for (let i = 0; i < 100; i += 1) {
      h.advance(25);
      await h.request({ type: 'checkpoint/seen', facts: FACTS }, CONTENT);
    }
    expect(await shown()).toBe(1);
    // Another tab showing the same checkpoint is the same visit; the same tab much later is not.
    await h.request({ type: 'checkpoint/seen', facts: FACTS }, { ...CONTENT, tabId: 8 });
    expect(await shown()).toBe(1);
    h.advance(11 * MINUTE);
    await h.request({ type: 'checkpoint/seen', facts: FACTS }, CONTENT);
    expect(await shown()).toBe(2);

    // 25 different checkpoints within a minute: ten entries, then none until the minute has passed.
    h.advance(2 * MINUTE);
    for (let i = 0; i < 25; i += 1) {
      h.advance(100);
      await h.request({ type: 'checkpoint/seen', facts: { ...FACTS, courseId: `c${500 + i}` } }, CONTENT);
    }
    expect(await shown()).toBe(12);
    h.advance(MINUTE);
    await h.request({ type: 'checkpoint/seen', facts: { ...FACTS, courseId: 'c999' } }, CONTENT);
    expect(await shown()).toBe(13);
  });

  it('checkpoint/seen keeps the title a course was first shown with', async () => {
    const h = harness();
    await h.request({ type: 'checkpoint/seen', facts: FACTS }, CONTENT);
    h.advance(VISIT);
    await h.request({ type: 'checkpoint/seen', facts: { ...FACTS, courseTitle: '산업안전' } }, CONTENT);
    await h.request(
      { type: 'checkpoint/seen', facts: { ...FACTS, courseId: 'c104', courseTitle: null } },
      CONTENT,
    );
    const page = await h.request({ type: 'history/page', courseId: null, before: null, limit: 10 }, OPTIONS);
    expect(page.courseTitles).toEqual([
      { profileId: 'demo-lms', courseId: 'c101', title: '산업안전관리 실무' },
    ]);
    expect(page.courses).toEqual(['c101', 'c104']);
  });

  it('checkpoint/close reaches the page', async () => {
    const h = harness();
    expect(await h.request({ type: 'checkpoint/close' })).toBeNull();
    expect(h.contentCalls).toEqual([{ tabId: 7, request: { type: 'overlay/close' } }]);
  });
});

/** The cursor after an entry of a history page: its time, and its id to break ties. */
function cursorOf(entry: { at: number; id?: number } | undefined): { at: number; id: number } | null {
  return entry?.id === undefined ? null : { at: entry.at, id: entry.id };
}

describe('profile settings requests', () => {
  it('go to deps.profileSettings, the imported JSON passed through untouched', async () => {
    const h = harness();
    expect((await h.request({ type: 'profile/get' }, OPTIONS)).source).toBe('bundled');
    expect((await h.request({ type: 'profile/import', json: '{"id":"x"}' }, OPTIONS)).source).toBe(
      'imported',
    );
    await h.request({ type: 'profile/clearImported' }, OPTIONS);
    await h.request({ type: 'profile/sync' }, OPTIONS);
    expect(h.profileCalls).toEqual(['read', 'import {"id":"x"}', 'clearImported', 'sync']);
  });
});
