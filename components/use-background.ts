import { useCallback, useState } from 'react';
import { askBackground } from '@/lib/messaging/client';
import type { BackgroundRequest, BackgroundResponses, ProtocolError } from '@/lib/messaging/protocol';
import type { Reply } from '@/lib/messaging/reply';
import { protocolErrorFromRejection } from './errors';

export interface AskOptions {
  /**
   * Leave `busy` and `error` as they are: for a re-read in the background, which greys nothing
   * out and whose failure the caller handles itself.
   */
  readonly quiet?: boolean;
}

/**
 * Request → answer → error, as an extension page shows it: `busy` while a request is out, the
 * last failure as a protocol error in `error` (cleared when the next request goes out), and the
 * reply handed to the caller, which decides what an answer or a failure means for the page.
 * `setError` is for a failure the page finds itself, before anything is sent.
 */
export function useBackground() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ProtocolError | null>(null);
  const ask = useCallback(
    async <R extends BackgroundRequest>(
      request: R,
      { quiet = false }: AskOptions = {},
    ): Promise<Reply<BackgroundResponses[R['type']]>> => {
      if (!quiet) {
        setBusy(true);
        setError(null);
      }
      try {
        return { ok: true, value: await askBackground(request) };
      } catch (rejection) {
        const problem = protocolErrorFromRejection(rejection);
        if (!quiet) setError(problem);
        return { ok: false, error: problem };
      } finally {
        if (!quiet) setBusy(false);
      }
    },
    [],
  );
  return { ask, busy, error, setError };
}

/** The `ask` of `useBackground`, for a helper that a hook hands it to. */
export type AskBackground = ReturnType<typeof useBackground>['ask'];
