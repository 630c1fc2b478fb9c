/**
 * A selector or pattern of the profile that the browser refused at run time (the schema checks
 * them; a profile stored by an earlier version may still hold one). It names only profile data —
 * the selector or pattern and the browser's reason — never page text or anything the trainee typed.
 */
export interface ProfileProblem {
  readonly kind: 'selector' | 'pattern';
  readonly value: string;
  readonly message: string;
}

/**
 * Collects run-time problems once each, for the caller to log: pages are checked on every
 * mutation, and the same broken selector must not log on every check. Holds at most 20.
 */
export class ProfileProblems {
  private readonly seen = new Set<string>();
  private fresh: ProfileProblem[] = [];

  report(kind: ProfileProblem['kind'], value: string, error: unknown): void {
    const key = `${kind}\u0000${value}`;
    if (this.seen.has(key) || this.seen.size >= 20) return;
    this.seen.add(key);
    const message = error instanceof Error ? error.message : String(error);
    this.fresh.push({ kind, value, message: message.slice(0, 200) });
  }

  /** The problems reported since the last call: each is handed out once. */
  take(): readonly ProfileProblem[] {
    const taken = this.fresh;
    this.fresh = [];
    return taken;
  }
}
