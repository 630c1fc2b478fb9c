/**
 * Test control over the verifiers' availability (only with `startDemoLms({ testControls: true })`):
 * `error` makes every verification answer 503 at once, `hang` holds it until the mode changes or
 * a timeout passes and then answers 503. Either way nothing is counted: the code is never looked
 * at. `slow` verifies as usual, `SLOW_ANSWER_MS` late: time for a test to stop the extension's
 * worker while the page waits for its answer. `silent` verifies and counts as usual but its answers
 * never say how many tries are left (nor that a wrong code was the fifth): what the extension then
 * counts is its own. Lets end-to-end tests show how the extension behaves when the institute's verifier is down.
 */
import type { ServerResponse } from 'node:http';

export const VERIFIER_MODES = ['normal', 'error', 'hang', 'slow', 'silent'] as const;
export type VerifierMode = (typeof VERIFIER_MODES)[number];

/** How late `slow` lets a verification go ahead. */
export const SLOW_ANSWER_MS = 2_000;

/** How long `hang` holds a request before answering 503 anyway. */
export const HANG_TIMEOUT_MS = 60_000;

/** What a verification may do: go ahead, answer 503, or nothing (the client went away). */
export type GateResult = 'available' | 'unavailable' | 'aborted';

export interface VerifierModeControl {
  readonly mode: VerifierMode;
  /** Requests currently held by `hang`. */
  readonly held: number;
  set(mode: VerifierMode): void;
  /** Decides whether a verification answered through `res` may run now; in `hang` mode, waits first. */
  gate(res: ServerResponse): Promise<GateResult>;
  /** Releases every held request (as unavailable) and clears their timers. */
  close(): void;
}

export function createVerifierModeControl(hangTimeoutMs = HANG_TIMEOUT_MS): VerifierModeControl {
  let mode: VerifierMode = 'normal';
  const waiters = new Set<(result: GateResult) => void>();

  const releaseAll = (): void => {
    for (const release of [...waiters]) release('unavailable');
  };

  return {
    get mode() {
      return mode;
    },
    get held() {
      return waiters.size;
    },
    set(next) {
      mode = next;
      // Held requests answer 503 once the mode changes, whatever it changes to: they were sent
      // while the verifier was down.
      if (next !== 'hang') releaseAll();
    },
    gate(res) {
      if (mode === 'normal' || mode === 'silent') return Promise.resolve('available');
      if (mode === 'error') return Promise.resolve('unavailable');
      if (mode === 'slow')
        return new Promise<GateResult>((resolve) => {
          const timer = setTimeout(() => resolve(res.destroyed ? 'aborted' : 'available'), SLOW_ANSWER_MS);
          res.once('close', () => {
            clearTimeout(timer);
            resolve('aborted');
          });
        });
      return new Promise<GateResult>((resolve) => {
        const release = (result: GateResult): void => {
          if (!waiters.delete(release)) return;
          clearTimeout(timer);
          res.off('close', onClose);
          resolve(result);
        };
        const onClose = (): void => release('aborted');
        const timer = setTimeout(() => release('unavailable'), hangTimeoutMs);
        waiters.add(release);
        // Nothing has been answered yet, so a closed response means the client gave up.
        res.on('close', onClose);
      });
    },
    close: releaseAll,
  };
}

/** Validates `{ mode }` from the test-control API. */
export function parseVerifierMode(value: unknown): VerifierMode | null {
  if (typeof value !== 'object' || value === null) return null;
  const { mode } = value as Record<string, unknown>;
  return VERIFIER_MODES.find((candidate) => candidate === mode) ?? null;
}
