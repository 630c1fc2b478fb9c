/**
 * Routes both sites answer the same way: the favicon, the test controls, sign-in and sign-out,
 * 휴대폰/아이핀 본인인증, and `/`. Each site's own frame comes from `request.site`.
 */
import { errorBody, type VerifierModeBody } from '../api';
import { DEMO_TRAINEE, phoneDigits } from '../catalog';
import { mediaType, readForm, readJson } from '../http';
import { CARRIERS, type IdentityResult, ipinIdentityBody, phoneIdentityBody } from '../identity-pages';
import { DEMO_SMS_CODE, IDENTITY_MESSAGES } from '../messages';
import { DEMO_PATHS, isLocalPath } from '../routes';
import { resetAfterIdentityVerification } from '../verifier';
import { parseVerifierMode } from '../verifier-mode';
import {
  type DemoEnv,
  type DemoRequest,
  dailyCheckDue,
  type PublicRoute,
  type SessionRequest,
  type SessionRoute,
  storeKey,
} from './env';

/** Before the site's own public routes: the favicon and the test controls. */
export function leadingPublicRoutes(env: DemoEnv): PublicRoute[] {
  const modeBody = (): VerifierModeBody => ({ mode: env.modes.mode, held: env.modes.held });
  const testControls: PublicRoute[] = env.testControls
    ? [
        {
          method: 'GET',
          path: DEMO_PATHS.testVerifierModeApi,
          handle: ({ res }) => env.respond.json(res, 200, modeBody()),
        },
        {
          method: 'POST',
          path: DEMO_PATHS.testVerifierModeApi,
          handle: async ({ req, res }) => {
            if (mediaType(req.headers['content-type']) !== 'application/json') {
              env.respond.json(
                res,
                415,
                errorBody('unsupportedMediaType', 'Content-Type must be application/json.'),
              );
              return;
            }
            const mode = parseVerifierMode(await readJson(req));
            if (!mode) {
              env.respond.json(res, 400, errorBody('badRequest', 'mode must be normal, error or hang.'));
              return;
            }
            env.modes.set(mode);
            env.log(`demo lms: test control: verifier mode ${mode}`);
            env.respond.json(res, 200, modeBody());
          },
        },
      ]
    : [
        {
          method: '*',
          path: DEMO_PATHS.testVerifierModeApi,
          handle: ({ res }) => env.respond.json(res, 404, errorBody('notFound', '요청하신 API가 없습니다.')),
        },
      ];
  return [
    { method: '*', path: '/favicon.ico', handle: ({ res }) => env.respond.noContent(res) },
    ...testControls,
  ];
}

/** After the site's own public routes: sign-in and sign-out. */
export function trailingPublicRoutes(env: DemoEnv): PublicRoute[] {
  return [
    {
      method: 'GET',
      path: DEMO_PATHS.login,
      handle: ({ res, url, site }) => {
        const next = url.searchParams.get('next');
        env.respond.page(
          res,
          200,
          site.loginPage({ next: next && isLocalPath(next) ? next : null, error: null }),
        );
      },
    },
    { method: 'POST', path: DEMO_PATHS.login, handle: (request) => signIn(env, request) },
    {
      method: 'POST',
      path: DEMO_PATHS.logout,
      handle: ({ req, res, site }) =>
        env.respond.redirect(res, 303, DEMO_PATHS.login, env.sessions.end(req, site.name)),
    },
  ];
}

async function signIn(env: DemoEnv, { req, res, site }: DemoRequest): Promise<void> {
  const form = await readForm(req);
  const next = form.get('next');
  const safeNext = next && isLocalPath(next) ? next : null;
  const nameMatches = (form.get('name') ?? '').trim() === DEMO_TRAINEE.name;
  const phoneMatches = phoneDigits(form.get('phone') ?? '') === phoneDigits(DEMO_TRAINEE.phone);
  if (!nameMatches || !phoneMatches) {
    env.respond.page(
      res,
      401,
      site.loginPage({ next: safeNext, error: '이름 또는 휴대폰 번호가 일치하지 않습니다.' }),
    );
    return;
  }
  await site.beforeSignIn?.(DEMO_TRAINEE.id);
  const { cookie, session } = env.sessions.open(site.name, DEMO_TRAINEE.id);
  if (dailyCheckDue(env, site.name, DEMO_TRAINEE.id)) {
    session.afterDailyCheck = safeNext;
    env.respond.redirect(res, 303, DEMO_PATHS.dailyCheckpoint, cookie);
    return;
  }
  env.respond.redirect(res, 303, safeNext ?? DEMO_PATHS.courses, cookie);
}

/** First among a signed-in trainee's pages: `/` and the identity pages. */
export function leadingPageRoutes(env: DemoEnv): SessionRoute[] {
  // Every method reaches the handler, which refuses all but GET and POST itself: a site's own
  // fallback (HRD's pages allow only GET) must not answer for these paths.
  const identity = (path: string, kind: 'phone' | 'ipin'): SessionRoute => ({
    method: '*',
    path,
    handle: (request) =>
      request.method === 'GET' || request.method === 'POST'
        ? verifyIdentity(env, request, kind)
        : env.respond.methodNotAllowed(request.res, 'GET, POST'),
  });
  return [
    {
      method: '*',
      path: DEMO_PATHS.home,
      handle: ({ res }) => env.respond.redirect(res, 302, DEMO_PATHS.courses),
    },
    identity(DEMO_PATHS.identityPhone, 'phone'),
    identity(DEMO_PATHS.identityIpin, 'ipin'),
  ];
}

/** 휴대폰/아이핀 본인인증 on either site: a success resets that site's verifier. */
async function verifyIdentity(
  env: DemoEnv,
  { req, res, url, method, site, session }: SessionRequest,
  kind: 'phone' | 'ipin',
): Promise<void> {
  const form = method === 'POST' ? await readForm(req) : null;
  const rawNext = form ? form.get('next') : url.searchParams.get('next');
  const next = rawNext && isLocalPath(rawNext) ? rawNext : null;
  let result: IdentityResult | null = null;

  const reset = async (): Promise<void> => {
    await env.store.update(storeKey(session.site, session.traineeId), (state) => ({
      state: resetAfterIdentityVerification(state),
      result: undefined,
    }));
    env.log(
      `demo lms: ${kind} identity verification on ${session.site}: verifier reset for ${session.traineeId}`,
    );
  };

  if (form && kind === 'phone') {
    if (form.get('step') === 'request') {
      const carrier = CARRIERS.find((candidate) => candidate === form.get('carrier'));
      session.carrier = carrier ?? CARRIERS[0];
      session.smsCodeSent = true;
    } else if (!session.smsCodeSent) {
      result = { outcome: 'failure', message: IDENTITY_MESSAGES.smsNotRequested };
    } else if ((form.get('code') ?? '').trim() === DEMO_SMS_CODE) {
      await reset();
      session.smsCodeSent = false;
      result = { outcome: 'success', message: IDENTITY_MESSAGES.phoneSuccess };
    } else {
      result = { outcome: 'failure', message: IDENTITY_MESSAGES.wrongSmsCode };
    }
  }
  if (form && kind === 'ipin') {
    if ((form.get('ipinId') ?? '').trim() !== '' && (form.get('ipinPassword') ?? '') !== '') {
      await reset();
      result = { outcome: 'success', message: IDENTITY_MESSAGES.ipinSuccess };
    } else {
      result = { outcome: 'failure', message: IDENTITY_MESSAGES.ipinMissing };
    }
  }

  const title = kind === 'phone' ? '휴대폰 본인인증' : '아이핀 본인인증';
  const body =
    kind === 'phone'
      ? phoneIdentityBody({ next, codeSent: session.smsCodeSent, carrier: session.carrier, result })
      : ipinIdentityBody({ next, result });
  env.respond.page(res, 200, site.identityPage(title, body));
}
