import { browser } from 'wxt/browser';
import type { BackgroundRequest, BackgroundResponses, ContentRequest, ContentResponses } from './protocol';
import { ProtocolFailure, type Reply } from './reply';

/**
 * Sends a request to the background and unwraps its reply; a protocol error is thrown as
 * `ProtocolFailure`, a dead background (no answer) as `ProtocolFailure('internal')`.
 */
export async function askBackground<R extends BackgroundRequest>(
  request: R,
): Promise<BackgroundResponses[R['type']]> {
  let reply: Reply<BackgroundResponses[R['type']]> | undefined;
  try {
    reply = await browser.runtime.sendMessage(request);
  } catch {
    throw new ProtocolFailure({ code: 'internal' });
  }
  if (!reply || typeof reply !== 'object') throw new ProtocolFailure({ code: 'internal' });
  if (!reply.ok) throw new ProtocolFailure(reply.error);
  return reply.value;
}

/**
 * Sends a request from the background to the content script in one frame of a tab: the top frame
 * unless the checkpoint lives in a sub-frame.
 */
export async function askContentScript<R extends ContentRequest>(
  tabId: number,
  request: R,
  frameId = 0,
): Promise<ContentResponses[R['type']]> {
  let reply: Reply<ContentResponses[R['type']]> | undefined;
  try {
    reply = await browser.tabs.sendMessage(tabId, request, { frameId });
  } catch {
    throw new ProtocolFailure({ code: 'pageDidNotAnswer' });
  }
  if (!reply || typeof reply !== 'object') throw new ProtocolFailure({ code: 'pageDidNotAnswer' });
  if (!reply.ok) throw new ProtocolFailure(reply.error);
  return reply.value;
}
