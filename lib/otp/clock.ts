/**
 * Trusted time for web OTP (docs/rules.md, "Web OTP"). The device clock may be wrong; the LMS server's is
 * what its verifier uses. An HTTP `Date` header has one-second resolution, so a sample says the
 * server's clock was somewhere in [date, date + 1 s) while the request was in flight.
 */

export interface ClockSample {
  /** Device time (Unix ms) when the request was sent. */
  readonly sentAt: number;
  /** Device time (Unix ms) when the answer arrived. */
  readonly receivedAt: number;
  /** The server's time from the answer (Unix ms); `resolutionMs` says how precise it is. */
  readonly serverTime: number;
  readonly resolutionMs: number;
}

export interface ClockOffset {
  /** Add to the device clock to get the server's. */
  readonly offsetMs: number;
  /** Half-width of the interval the true offset lies in. */
  readonly uncertaintyMs: number;
  readonly measuredAt: number;
}

/** How long an estimate is trusted before it is measured again. */
export const CLOCK_OFFSET_MAX_AGE_MS = 10 * 60_000;
/** Samples whose answer took longer say too little about when the server stamped its time. */
const MAX_ROUND_TRIP_MS = 30_000;
/** From this skew on the trainee is told; codes are corrected either way. */
export const NOTABLE_SKEW_MS = 15_000;

/**
 * Intersects what every sample allows: the server time at the device's midpoint lies in
 * [serverTime − rtt/2, serverTime + resolution + rtt/2]. Samples with huge round trips widen the
 * interval rather than bias it. Returns null for no samples.
 */
export function estimateClockOffset(samples: readonly ClockSample[]): ClockOffset | null {
  let low = Number.NEGATIVE_INFINITY;
  let high = Number.POSITIVE_INFINITY;
  let measuredAt = 0;
  const usable = samples.filter((sample) => sample.receivedAt - sample.sentAt <= MAX_ROUND_TRIP_MS);
  for (const sample of usable) {
    // Offset = server − device. The device read `sentAt` before and `receivedAt` after the server
    // stamped its time, so: server − receivedAt ≤ offset ≤ server + resolution − sentAt.
    const sampleLow = sample.serverTime - sample.receivedAt;
    const sampleHigh = sample.serverTime + sample.resolutionMs - sample.sentAt;
    low = Math.max(low, sampleLow);
    high = Math.min(high, sampleHigh);
    measuredAt = Math.max(measuredAt, sample.receivedAt);
  }
  if (!Number.isFinite(low) || !Number.isFinite(high)) return null;
  if (low > high) {
    // Samples disagree (the server clock stepped between them): trust the newest alone.
    const newest = usable.reduce((a, b) => (b.receivedAt > a.receivedAt ? b : a));
    return estimateClockOffset([newest]);
  }
  return { offsetMs: Math.round((low + high) / 2), uncertaintyMs: Math.round((high - low) / 2), measuredAt };
}

/** Reads an HTTP `Date` header; null when absent or unparsable. */
export function parseHttpDate(header: string | null): number | null {
  if (!header) return null;
  const time = Date.parse(header);
  return Number.isNaN(time) ? null : time;
}

export function isOffsetStale(offset: ClockOffset | null, now: number): boolean {
  return (
    offset === null || now - offset.measuredAt > CLOCK_OFFSET_MAX_AGE_MS || now < offset.measuredAt - 60_000
  );
}

/**
 * Seconds left in the 60-second code window at `nowMs` (on the corrected clock): TOTP steps start
 * at whole multiples of the period since the epoch, so every time zone shares them.
 */
export function codeWindowSecondsLeft(nowMs: number, periodSeconds = 60): number {
  const periodMs = periodSeconds * 1000;
  const into = ((nowMs % periodMs) + periodMs) % periodMs;
  return Math.ceil((periodMs - into) / 1000);
}
