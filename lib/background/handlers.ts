/**
 * The background's one entry for requests: `handleRequest` dispatches each validated request to
 * its family's handler (registration, checkpoint, fill, page, history, profile). Handlers are
 * decisions over the repositories of lib/db; what they need from the browser comes in `deps`.
 */

import Dexie from 'dexie';
import type { CompanionDb } from '../db/schema';
import {
  type BackgroundRequest,
  type BackgroundResponses,
  type ContentRequest,
  type ContentResponses,
  type ProtocolError,
  ProtocolFailure,
} from '../messaging/protocol';
import type { TrustedSender } from '../messaging/senders';
import type { ClockSample } from '../otp/clock';
import type { ProfileSettings } from '../profiles/profile-settings';
import type { InstituteProfile } from '../profiles/types';
import { checkpointHandlers } from './checkpoint';
import { fillHandlers } from './fill';
import { historyHandlers } from './history';
import { pageHandlers } from './page';
import { profileHandlers } from './profile';
import { registrationHandlers } from './registration';

/** What the handlers need from the outside world; the entrypoint passes the real ones. */
export interface BackgroundDeps {
  readonly db: CompanionDb;
  readonly now: () => number;
  readonly profiles: readonly InstituteProfile[];
  /** Asks the content script of one frame (the top frame unless given). */
  readonly askContent: <R extends ContentRequest>(
    tabId: number,
    request: R,
    frameId?: number,
  ) => Promise<ContentResponses[R['type']]>;
  /**
   * Runs the enrollment script in a tab's top frame and returns what it read of the issue page's
   * key (anything: the page's text; the handler checks it). Rejects where no script may run.
   */
  readonly pickUpEnrollment: (tabId: number) => Promise<unknown>;
  /** Tells open overlays that what they show changed (an answer came in); best-effort. */
  readonly notifyPages?: () => void;
  /** Reloads a tab's top page (asked by the trainee in the overlay after a pass). */
  readonly reloadTab?: (tabId: number) => Promise<void>;
  /** Tabs open on a configured LMS origin, most recently used first. */
  readonly listLmsTabs: () => Promise<readonly { readonly id: number; readonly url: string }[]>;
  /** One clock sample from the LMS origin (its `Date` header); null when it does not answer. */
  readonly sampleServerClock: (origin: string) => Promise<ClockSample | null>;
  /** The institute profile's sources (policy, imported, bundled) and the trainee's grants. */
  readonly profileSettings: ProfileSettings;
}

type Handler<T extends BackgroundRequest['type']> = (
  request: Extract<BackgroundRequest, { type: T }>,
  sender: TrustedSender,
  deps: BackgroundDeps,
) => Promise<BackgroundResponses[T]>;

/** The handlers of some request types: what each family module exports. */
export type HandlersFor<T extends BackgroundRequest['type']> = { [K in T]: Handler<K> };

/** One handler per request type; the entrypoint has already checked the sender is allowed. */
const handlers: HandlersFor<BackgroundRequest['type']> = {
  ...registrationHandlers,
  ...checkpointHandlers,
  ...fillHandlers,
  ...pageHandlers,
  ...historyHandlers,
  ...profileHandlers,
};

/**
 * The protocol error for anything a handler threw: its own failures as they are, storage errors
 * (Dexie's, or IndexedDB's DOMExceptions, e.g. a private window that refuses writes) as
 * `storageFailed`, so the UI says why instead of failing open; the rest as `internal`.
 */
export function toProtocolError(error: unknown): ProtocolError {
  if (error instanceof ProtocolFailure) return error.error;
  if (
    error instanceof Dexie.DexieError ||
    (typeof DOMException !== 'undefined' && error instanceof DOMException)
  ) {
    return { code: 'storageFailed' };
  }
  return { code: 'internal' };
}

/** Answers one validated request from a trusted, allowed sender. */
export function handleRequest<R extends BackgroundRequest>(
  request: R,
  sender: TrustedSender,
  deps: BackgroundDeps,
): Promise<BackgroundResponses[R['type']]> {
  const handler = handlers[request.type] as Handler<R['type']>;
  return handler(request as Extract<BackgroundRequest, { type: R['type'] }>, sender, deps);
}
