import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DemoStore, openDemoStore, parseStoreFile, STORE_FILE_NAME } from '../../demo/server/store';
import { createVerifierState, issueSecret, type VerifierState } from '../../demo/server/verifier';

let dataDir: string;
let logs: string[];
const opened: DemoStore[] = [];

async function open(): Promise<DemoStore> {
  const store = await openDemoStore({ dataDir, log: (line) => logs.push(line) });
  opened.push(store);
  return store;
}

const set = (state: VerifierState) => () => ({ state, result: undefined });

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'demo-store-'));
  logs = [];
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await rm(dataDir, { recursive: true, force: true });
});

describe('demo store', () => {
  it('starts empty and hands out fresh states', async () => {
    const store = await open();
    expect(store.get('anyone')).toEqual(createVerifierState());
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('keeps state across close and reopen', async () => {
    const state: VerifierState = {
      ...issueSecret(createVerifierState(), new Uint8Array(20).fill(7)),
      lastAcceptedStep: 123,
      failures: 5,
      locked: true,
      verifiedCheckpoints: ['c101:entry', 'c101:session:9'],
      lastVerifiedSessions: { c101: 9, c102: 1 },
    };
    const first = await open();
    const result = await first.update('trainee-a', () => ({ state, result: 'done' }));
    expect(result).toBe('done');
    await first.close();

    const second = await open();
    expect(second.get('trainee-a')).toEqual(state);
    expect(second.get('trainee-b')).toEqual(createVerifierState());
    expect(parseStoreFile(await readFile(join(dataDir, STORE_FILE_NAME), 'utf8'))?.get('trainee-a')).toEqual(
      state,
    );
  });

  it('migrates a version 1 file: keeps the secret and counts, and starts progress from passed entries', async () => {
    const secret = issueSecret(createVerifierState(), new Uint8Array(20).fill(9)).secretBase32;
    const v1 = {
      version: 1,
      trainees: {
        a: {
          secretBase32: secret,
          lastAcceptedStep: 42,
          failures: 2,
          locked: false,
          verifiedCheckpoints: ['c101:entry', 'c103:entry'],
        },
      },
    };
    await writeFile(join(dataDir, STORE_FILE_NAME), JSON.stringify(v1));
    const store = await open();
    expect(store.get('a')).toEqual({
      secretBase32: secret,
      lastAcceptedStep: 42,
      failures: 2,
      locked: false,
      verifiedCheckpoints: ['c101:entry', 'c103:entry'],
      lastVerifiedSessions: { c101: 1, c103: 1 },
      lastDailyLoginDay: null,
    });
    expect((await readdir(dataDir)).some((name) => name.includes('.corrupt-'))).toBe(false);

    // The next write is in the current format.
    await store.update('a', (state) => ({ state: { ...state, failures: 3 }, result: undefined }));
    const written = JSON.parse(await readFile(join(dataDir, STORE_FILE_NAME), 'utf8')) as { version: number };
    expect(written.version).toBe(2);
  });

  it('does not write when the change returns the same state', async () => {
    const store = await open();
    const answer = await store.update('trainee-a', (state) => ({ state, result: 42 }));
    expect(answer).toBe(42);
    await store.flush();
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('moves a corrupt file aside, logs it and starts empty', async () => {
    const file = join(dataDir, STORE_FILE_NAME);
    await writeFile(file, '{"version":1,"trainees":{"a":');
    const store = await open();

    expect(store.get('a')).toEqual(createVerifierState());
    const names = await readdir(dataDir);
    const aside = names.find((name) => name.startsWith(`${STORE_FILE_NAME}.corrupt-`));
    expect(aside).toBeDefined();
    expect(names).not.toContain(STORE_FILE_NAME);
    expect(await readFile(join(dataDir, aside ?? ''), 'utf8')).toBe('{"version":1,"trainees":{"a":');
    expect(logs.some((line) => line.includes('moved aside'))).toBe(true);

    // The store works afterwards and writes a fresh, valid file.
    await store.update('a', set({ ...createVerifierState(), failures: 1 }));
    expect(parseStoreFile(await readFile(file, 'utf8'))?.get('a')?.failures).toBe(1);
  });

  it.each([
    ['unknown version', { version: 99, trainees: {} }],
    [
      'progress for a bad course id',
      { version: 2, trainees: { a: { ...createVerifierState(), lastVerifiedSessions: { 'C 101': 1 } } } },
    ],
    [
      'progress at session 0',
      { version: 2, trainees: { a: { ...createVerifierState(), lastVerifiedSessions: { c101: 0 } } } },
    ],
    [
      'version 2 without progress',
      { version: 2, trainees: { a: { ...createVerifierState(), lastVerifiedSessions: undefined } } },
    ],
    ['negative failures', { version: 1, trainees: { a: { ...createVerifierState(), failures: -1 } } }],
    [
      'secret not base32',
      { version: 1, trainees: { a: { ...createVerifierState(), secretBase32: 'not base32!' } } },
    ],
    ['missing field', { version: 1, trainees: { a: { secretBase32: null, failures: 0, locked: false } } }],
  ])('treats valid JSON with a bad shape (%s) as corrupt', async (_name, content) => {
    await writeFile(join(dataDir, STORE_FILE_NAME), JSON.stringify(content));
    const store = await open();
    expect(store.get('a')).toEqual(createVerifierState());
    expect((await readdir(dataDir)).some((name) => name.includes('.corrupt-'))).toBe(true);
  });

  it('ends consistent after many concurrent updates, with no temp files left', async () => {
    const store = await open();
    const increment = (traineeId: string) =>
      store.update(traineeId, (state) => ({
        state: { ...state, failures: state.failures + 1 },
        result: undefined,
      }));
    await Promise.all(Array.from({ length: 100 }, (_, i) => increment(i % 2 === 0 ? 'a' : 'b')));
    expect(store.get('a').failures).toBe(50);

    // A reader in the middle of the burst must always see a whole file.
    const burst = Array.from({ length: 50 }, () => increment('a'));
    const midway = parseStoreFile(await readFile(join(dataDir, STORE_FILE_NAME), 'utf8'));
    expect(midway).not.toBeNull();
    await Promise.all(burst);
    await store.close();

    expect((await readdir(dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const reopened = await open();
    expect(reopened.get('a').failures).toBe(100);
    expect(reopened.get('b').failures).toBe(50);
  });

  it('refuses updates after close', async () => {
    const store = await open();
    await store.close();
    await expect(store.update('a', set(createVerifierState()))).rejects.toThrow(/closed/);
  });

  it('does not let a hand-edited __proto__ id touch prototypes', () => {
    const parsed = parseStoreFile(
      `{"version":1,"trainees":{"__proto__":${JSON.stringify(createVerifierState())}}}`,
    );
    expect(parsed?.get('__proto__')).toEqual(createVerifierState());
    expect(({} as Record<string, unknown>).failures).toBeUndefined();
  });
});
