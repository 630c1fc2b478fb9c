/**
 * The demo LMS's JSON APIs: the bodies they answer and the request bodies they accept, declared
 * once for both sites, their tests and the page scripts' callers.
 */
import { DEMO_TRAINEE, type DemoCourse } from './catalog';
import { isRecord } from './http';
import type { CheckpointOutcome } from './messages';
import { CHECKPOINT_KINDS, type CheckpointKind } from './routes';
import { attemptsLeft, lastVerifiedSession, type VerifierState, type VerifyReason } from './verifier';
import type { VerifierMode } from './verifier-mode';

/** The two sites the server answers as, chosen by the Host header. */
export type Site = 'lms' | 'hrd';

/** Body of every `POST /api/checkpoints/verify` response. */
export interface VerifyResponseBody {
  readonly outcome: CheckpointOutcome;
  readonly message: string;
  /** The verifier's reason for verification answers; absent for request errors. */
  readonly reason?: VerifyReason;
  /** Request-level error code (`unauthenticated`, `badRequest`, …); absent for verification answers. */
  readonly error?: string;
  readonly attemptsLeft?: number;
  readonly locked?: boolean;
  readonly checkpointId?: string;
  /** Where to go after success (course page, the session, or the assessment). */
  readonly next?: string;
}

/** Body of `GET /api/courses/:id/sessions/:n`. */
export interface SessionInfoBody {
  readonly session: number;
  readonly title: string;
  readonly requiresCheck: boolean;
  readonly kind: 'session' | null;
  /** The verifier's count, so the player's box shows it without a page load. */
  readonly attemptsLeft: number;
  readonly locked: boolean;
}

/** Body of `POST /hrd/api/motp/verify` on the HRD site. */
export interface HrdVerifyResponseBody {
  readonly outcome: CheckpointOutcome;
  readonly message: string;
  readonly reason?: VerifyReason;
  readonly error?: string;
  readonly failures?: number;
  readonly attemptsLeft?: number;
  readonly locked?: boolean;
  readonly next?: string;
}

/** Body of `GET /api/trainee/state`. Never contains a secret. */
export interface TraineeStateBody {
  /** Which site answered: the demo LMS's web-OTP verifier or the HRD site's mOTP verifier. */
  readonly site: Site;
  readonly name: string;
  readonly phone: string;
  readonly enrolled: boolean;
  readonly failures: number;
  readonly locked: boolean;
  readonly attemptsLeft: number;
  readonly verifiedCheckpoints: readonly string[];
  readonly courses: Readonly<Record<string, { readonly lastVerifiedSession: number | null }>>;
  /** The Korean day (`YYYY-MM-DD`) the first login of the day check was last passed; null if never. */
  readonly lastDailyLoginDay: string | null;
}

/** Body of `GET`/`POST /api/test/verifier-mode`. */
export interface VerifierModeBody {
  readonly mode: VerifierMode;
  /** Verifications currently held by `hang`. */
  readonly held: number;
}

/** A `POST /api/checkpoints/verify` request, validated. */
export interface VerifyRequest {
  /** Empty for `dailyLogin`, which belongs to no course. */
  readonly courseId: string;
  readonly kind: CheckpointKind;
  readonly code: string;
  readonly session: number | null;
  readonly visit: string | null;
}

/** Request-level error body for the JSON APIs. */
export function errorBody(error: string, message: string): VerifyResponseBody {
  return { outcome: 'error', error, message };
}

/** The trainee's state as one site's verifier sees it; never the secret. */
export function traineeState(
  site: Site,
  state: VerifierState,
  courses: readonly DemoCourse[],
): TraineeStateBody {
  return {
    site,
    name: DEMO_TRAINEE.name,
    phone: DEMO_TRAINEE.phone,
    enrolled: state.secretBase32 !== null,
    failures: state.failures,
    locked: state.locked,
    attemptsLeft: attemptsLeft(state),
    verifiedCheckpoints: state.verifiedCheckpoints,
    courses: Object.fromEntries(
      courses.map((course) => [course.id, { lastVerifiedSession: lastVerifiedSession(state, course.id) }]),
    ),
    lastDailyLoginDay: state.lastDailyLoginDay,
  };
}

/**
 * Validates `{ courseId, kind, code, session?, visit? }`; null for anything else. `dailyLogin`
 * belongs to no course: its `courseId` may be absent or null (and is ignored).
 */
export function parseVerifyRequest(text: string): VerifyRequest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const { courseId, kind, code, session, visit } = value;
  if (typeof code !== 'string' || code.length > 64) return null;
  const knownKind = CHECKPOINT_KINDS.find((candidate) => candidate === kind);
  if (!knownKind) return null;
  const courseless = knownKind === 'dailyLogin' && (courseId === undefined || courseId === null);
  if (typeof courseId !== 'string' && !courseless) return null;
  if (session !== undefined && (typeof session !== 'number' || !Number.isInteger(session) || session > 999))
    return null;
  if (visit !== undefined && (typeof visit !== 'string' || visit.length > 64)) return null;
  return {
    courseId: typeof courseId === 'string' ? courseId : '',
    kind: knownKind,
    code,
    session: typeof session === 'number' ? session : null,
    visit: typeof visit === 'string' ? visit : null,
  };
}

/** Validates HRD's `{ courseId, motpNo }`. */
export function parseHrdVerifyRequest(
  value: unknown,
): { readonly courseId: string; readonly motpNo: string } | null {
  if (!isRecord(value)) return null;
  const { courseId, motpNo } = value;
  if (typeof courseId !== 'string' || typeof motpNo !== 'string' || motpNo.length > 64) return null;
  return { courseId, motpNo };
}
