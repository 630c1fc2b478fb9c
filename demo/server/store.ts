/**
 * Persists every trainee's verifier state to one JSON file so failures and locks survive a
 * restart (the verifier's count is authoritative: docs/rules.md). The whole state is small,
 * so it lives in memory and each change rewrites the file atomically.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeBase32 } from '../../lib/otp/base32';
import { createVerifierState, type VerifierState } from './verifier';

/** File name inside the data dir. */
export const STORE_FILE_NAME = 'verifier-state.json';
/**
 * Bumped when the file's shape changes; an unknown version is treated like a corrupt file.
 * Version 2 added course progress (`lastVerifiedSessions`); version 1 files are migrated on load.
 * `lastDailyLoginDay` was added to version 2 as an optional field: a state without it reads as
 * null (never passed), and older servers drop it when they rebuild the state.
 */
export const STORE_FORMAT_VERSION = 2;
/** Older versions `parseStoreFile` still reads. */
const MIGRATABLE_VERSIONS: readonly number[] = [1];

/** One line of operational logging; must never receive a secret or a code. */
export type StoreLogger = (message: string) => void;

export interface DemoStoreOptions {
  readonly dataDir: string;
  readonly log?: StoreLogger;
}

/** In-memory verifier states with write-through persistence. */
export interface DemoStore {
  /** Absolute or dataDir-relative path of the JSON file. */
  readonly filePath: string;
  /** The trainee's current state (a fresh one if never seen). */
  get(traineeId: string): VerifierState;
  /**
   * Applies `change` to the trainee's state synchronously, so concurrent requests can never
   * lose each other's updates, then resolves once a write containing the change is on disk.
   * Returning the same state object skips the write.
   */
  update<T>(
    traineeId: string,
    change: (state: VerifierState) => { readonly state: VerifierState; readonly result: T },
  ): Promise<T>;
  /** Resolves when every change so far is on disk. */
  flush(): Promise<void>;
  /** Flushes and refuses further updates. */
  close(): Promise<void>;
}

interface StoreFile {
  readonly version: typeof STORE_FORMAT_VERSION;
  readonly trainees: Record<string, VerifierState>;
}

/** Opens (or creates) the store in `dataDir`, loading what a previous run left. */
export async function openDemoStore(options: DemoStoreOptions): Promise<DemoStore> {
  const log = options.log ?? ((message: string) => console.warn(message));
  // 0o700: the file holds enrolled secrets; other local users have no business reading it.
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const filePath = join(options.dataDir, STORE_FILE_NAME);
  const trainees = new Map<string, VerifierState>(await load(filePath, log));

  let closed = false;
  // The write chain serialises writes; `queued` is a write that has not started yet, which any
  // further change can join because it serialises the latest in-memory state when it starts.
  let chain: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;

  const scheduleWrite = (): Promise<void> => {
    if (queued) return queued;
    const write = chain.then(async () => {
      queued = null;
      const file: StoreFile = { version: STORE_FORMAT_VERSION, trainees: Object.fromEntries(trainees) };
      await writeFileAtomic(filePath, `${JSON.stringify(file, null, 2)}\n`);
    });
    queued = write;
    // Keep the chain alive after a failed write; the failure still reaches that write's callers.
    chain = write.catch((error: unknown) => {
      log(`demo store: write failed: ${describeError(error)}`);
    });
    return write;
  };

  return {
    filePath,
    get: (traineeId) => trainees.get(traineeId) ?? createVerifierState(),
    async update(traineeId, change) {
      if (closed) throw new Error('demo store is closed');
      const before = trainees.get(traineeId) ?? createVerifierState();
      const { state, result } = change(before);
      if (state === before) return result;
      trainees.set(traineeId, state);
      await scheduleWrite();
      return result;
    },
    flush: () => chain,
    async close() {
      closed = true;
      await chain;
    },
  };
}

/** Reads the file; a missing file is an empty store, an unreadable one is moved aside. */
async function load(filePath: string, log: StoreLogger): Promise<ReadonlyMap<string, VerifierState>> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return new Map();
    throw error;
  }
  const parsed = parseStoreFile(text);
  if (parsed) return parsed;

  // Keep the bad file for inspection instead of overwriting it or refusing to start: the demo
  // must come up, and whoever investigates needs the original bytes.
  const aside = `${filePath}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(filePath, aside);
  log(`demo store: ${filePath} was unreadable; moved aside to ${aside} and starting empty`);
  return new Map();
}

/**
 * Parses and validates the whole file into trainee states; null if anything is off. A Map, not
 * an object, so a trainee id like `__proto__` in a hand-edited file cannot touch prototypes.
 */
export function parseStoreFile(text: string): ReadonlyMap<string, VerifierState> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || !isRecord(value.trainees)) return null;
  const version = value.version;
  if (version !== STORE_FORMAT_VERSION && !MIGRATABLE_VERSIONS.includes(version as number)) return null;
  const trainees = new Map<string, VerifierState>();
  for (const [id, raw] of Object.entries(value.trainees)) {
    const state = parseVerifierState(version === 1 && isRecord(raw) ? migrateFromVersion1(raw) : raw);
    if (!state) return null;
    trainees.set(id, state);
  }
  return trainees;
}

/** Validates one stored verifier state, rebuilding it so no unknown fields ride along. */
export function parseVerifierState(value: unknown): VerifierState | null {
  if (!isRecord(value)) return null;
  const {
    secretBase32,
    lastAcceptedStep,
    failures,
    locked,
    verifiedCheckpoints,
    lastVerifiedSessions,
    lastDailyLoginDay,
  } = value;
  if (secretBase32 !== null && (typeof secretBase32 !== 'string' || !isBase32(secretBase32))) return null;
  if (lastAcceptedStep !== null && !isNonNegativeInteger(lastAcceptedStep)) return null;
  if (!isNonNegativeInteger(failures) || typeof locked !== 'boolean') return null;
  if (!Array.isArray(verifiedCheckpoints) || !verifiedCheckpoints.every((id) => typeof id === 'string'))
    return null;
  if (!isRecord(lastVerifiedSessions)) return null;
  if (lastDailyLoginDay !== undefined && lastDailyLoginDay !== null && !isDay(lastDailyLoginDay)) return null;
  const progress: [string, number][] = [];
  for (const [courseId, session] of Object.entries(lastVerifiedSessions)) {
    if (!COURSE_ID.test(courseId) || !isPositiveInteger(session)) return null;
    progress.push([courseId, session]);
  }
  return {
    secretBase32,
    lastAcceptedStep,
    failures,
    locked,
    verifiedCheckpoints: verifiedCheckpoints.filter((id): id is string => typeof id === 'string'),
    lastVerifiedSessions: Object.fromEntries(progress),
    lastDailyLoginDay: typeof lastDailyLoginDay === 'string' ? lastDailyLoginDay : null,
  };
}

/** Course ids as the routes accept them; anything else in a progress map is a bad file. */
const COURSE_ID = /^[a-z0-9-]{1,32}$/;

/** A calendar day as `koreanDay` writes it. */
function isDay(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/**
 * A version 1 state had no course progress: a course whose entry check was passed starts at
 * session 1, as if the entry check had been passed under version 2.
 */
function migrateFromVersion1(raw: Record<string, unknown>): Record<string, unknown> {
  const checkpoints = Array.isArray(raw.verifiedCheckpoints) ? raw.verifiedCheckpoints : [];
  const entries = checkpoints
    .filter((id): id is string => typeof id === 'string' && id.endsWith(':entry'))
    .map((id) => [id.slice(0, -':entry'.length), 1] as const);
  return { ...raw, lastVerifiedSessions: Object.fromEntries(entries) };
}

/**
 * Writes to a temp file in the same directory, syncs it, then renames over the target, so a
 * crash leaves either the old file or the new one, never half of one.
 */
async function writeFileAtomic(filePath: string, text: string): Promise<void> {
  const temp = `${filePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, filePath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function isBase32(text: string): boolean {
  try {
    decodeBase32(text);
    return true;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
