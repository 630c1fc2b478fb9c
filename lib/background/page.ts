/** What the content script reports from the LMS page: requests and answers seen, arrivals, resets. */

import { afterVerifierReset } from '../attempts/transitions';
import { afterVerified } from '../checkpoints/policy';
import { recordProgress } from '../db/progress';
import { countedTrainees, getRegistration, logEvent, updateCounters } from '../db/repository';
import { UNPLACED_ORIGIN } from '../db/schema';
import { endpointFor } from '../hrd/answers';
import { profileForOrigin } from '../profiles/origins';
import { createArrivalOrder } from './arrival-order';
import { recordHrdTime } from './clock';
import { contentSender, senderProfile, traineeKey } from './context';
import type { HandlersFor } from './handlers';
import { applyObservation, findUnshownAttempt } from './hrd-attempts';

/** One tab's observations, handled in the order its frames sent them (see `createArrivalOrder`). */
const inTabOrder = createArrivalOrder<number>();

export const pageHandlers: HandlersFor<'page/observed' | 'page/profile' | 'page/arrived' | 'verifier/reset'> =
  {
    'page/observed': ({ pageId, observation }, trusted, deps) => {
      const sender = contentSender(trusted);
      return inTabOrder(sender.tabId, async () => {
        const profile = senderProfile(deps, sender);
        const registration = await getRegistration(deps.db);
        const fallbackTrainee = traineeKey(registration, profile, null);
        // HRD's time, as the page stamped its own request to HRD's API: the phone clock check's clock.
        if (
          observation.kind === 'request' &&
          typeof observation.facts.hrdTime === 'number' &&
          endpointFor(observation.url, profile.answers?.endpoints ?? [])
        )
          await recordHrdTime(deps, sender.topOrigin, observation.facts.hrdTime).catch(() => undefined);
        const result = await applyObservation(
          deps.db,
          sender,
          profile,
          pageId,
          observation,
          fallbackTrainee,
          deps.now(),
        );
        if (result.passed) {
          const { courseId, facts } = result.passed;
          const now = deps.now();
          await recordProgress(
            deps.db,
            profile.id,
            courseId,
            (progress) => afterVerified(progress, facts.kind, facts.session, now),
            deps.now(),
          );
        }
        if (result.changed) deps.notifyPages?.();
        return null;
      });
    },

    'page/profile': async (_request, trusted, deps) => {
      // The resolved profiles (policy, imported, bundled, enabled sites) live here only: the content
      // script, small and on every LMS page, asks for its frame's instead of resolving them again.
      const sender = contentSender(trusted);
      return profileForOrigin(deps.profiles, sender.origin);
    },

    'page/arrived': async (_request, trusted, deps) => {
      const sender = contentSender(trusted);
      const found = await findUnshownAttempt(deps.db, sender.tabId, sender.origin, deps.now());
      return { notice: found !== null };
    },

    'verifier/reset': async (_request, trusted, deps) => {
      // Only the institute's own page, confirming its identity verification, clears a lock: the
      // content script sends this from that page alone, and never from a local button.
      const sender = contentSender(trusted);
      const profile = senderProfile(deps, sender);
      // One person, one device: the institute verified whoever uses this browser, so every count
      // kept for this institute at this address is lifted (a trainee without a web-OTP
      // registration included) — never another address's: a look-alike's page cannot clear a lock.
      const now = deps.now();
      const trainees = await countedTrainees(deps.db, profile.id, [sender.topOrigin, UNPLACED_ORIGIN]);
      for (const trainee of trainees) {
        await updateCounters(
          deps.db,
          { profileId: profile.id, origin: sender.topOrigin, trainee },
          (current) => afterVerifierReset(current, now),
          async (before) => {
            if (before.codesLocked || before.wrongCodes > 0)
              await logEvent(deps.db, profile.id, now, { type: 'lockReset' });
          },
        );
      }
      return null;
    },
  };
