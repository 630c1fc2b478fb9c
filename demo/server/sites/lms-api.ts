/**
 * The demo LMS's JSON API: the trainee's state, and the verifications the page scripts post
 * (entry and first login of the day, a session's check, an assessment's check).
 */
import {
  errorBody,
  parseVerifyRequest,
  type SessionInfoBody,
  traineeState,
  type VerifyResponseBody,
} from '../api';
import {
  ASSESSMENT_KINDS,
  type AssessmentContent,
  assessmentContent,
  DEMO_COURSES,
  findCourse,
} from '../catalog';
import { mediaType, readBody } from '../http';
import { CHECKPOINT_MESSAGES, describeVerifyAnswer } from '../messages';
import { DEMO_PATH_PATTERNS, DEMO_PATHS, entryCheckpointPath } from '../routes';
import { sessionAccess } from '../verifier';
import type { DemoEnv, SessionRoute } from './env';
import { findVisit, takeAfterDailyCheck } from './sessions';
import { nextAfter, verifierView, verifyDailyLogin, verifyWebOtp } from './web-otp';

export function apiRoutes(env: DemoEnv): SessionRoute[] {
  const { respond, store } = env;
  return [
    {
      method: 'GET',
      path: DEMO_PATHS.traineeStateApi,
      handle: ({ res, session }) =>
        respond.json(res, 200, traineeState('lms', store.get(session.traineeId), DEMO_COURSES)),
    },
    {
      method: 'POST',
      path: DEMO_PATHS.verifyApi,
      handle: async ({ req, res, session }) => {
        // Requiring JSON forces a CORS preflight on any cross-site attempt, on top of SameSite=Lax.
        if (mediaType(req.headers['content-type']) !== 'application/json') {
          respond.json(res, 415, errorBody('unsupportedMediaType', 'Content-Type must be application/json.'));
          return;
        }
        const request = parseVerifyRequest(await readBody(req));
        if (!request) {
          respond.json(res, 400, errorBody('badRequest', '잘못된 요청입니다.'));
          return;
        }
        const course = request.kind === 'dailyLogin' ? null : findCourse(request.courseId);
        if (request.kind !== 'dailyLogin' && !course) {
          respond.json(res, 404, errorBody('unknownCourse', '과정을 찾을 수 없습니다.'));
          return;
        }
        const outcome = course
          ? await verifyWebOtp(env, session, res, course, request)
          : await verifyDailyLogin(env, session, res, request.code);
        switch (outcome.type) {
          case 'aborted':
            return;
          case 'unavailable':
            respond.json(res, 503, errorBody('verifierUnavailable', CHECKPOINT_MESSAGES.verifierDown));
            return;
          case 'refused':
            respond.json(res, outcome.status, errorBody(outcome.error, outcome.message));
            return;
          case 'answer': {
            const { answer } = outcome;
            // A verifier that does not report its count: a wrong code is only wrong, even the fifth.
            const uncounted = env.modes.mode === 'silent' && !answer.ok && answer.reason !== 'locked';
            if (uncounted) {
              respond.json(res, 200, {
                outcome: 'failure',
                message: CHECKPOINT_MESSAGES.mismatchUncounted,
                reason: answer.reason,
                checkpointId: outcome.checkpointId,
              } satisfies VerifyResponseBody);
              return;
            }
            const view = describeVerifyAnswer(answer);
            const body: VerifyResponseBody = {
              outcome: view.outcome,
              message: view.message,
              reason: answer.reason,
              attemptsLeft: answer.attemptsLeft,
              locked: answer.ok ? false : answer.locked,
              checkpointId: outcome.checkpointId,
              ...(answer.ok
                ? {
                    next: course
                      ? nextAfter(course, request.kind, request.session)
                      : takeAfterDailyCheck(session),
                  }
                : {}),
            };
            respond.json(res, 200, body);
            return;
          }
        }
      },
    },
    {
      method: 'GET',
      path: DEMO_PATH_PATTERNS.sessionApi,
      handle: ({ res, match, session }) => {
        const course = findCourse(match?.[1] ?? '');
        if (!course) {
          respond.json(res, 404, errorBody('unknownCourse', '과정을 찾을 수 없습니다.'));
          return;
        }
        const sessionNo = Number(match?.[2]);
        const title = course.sessions[sessionNo - 1];
        if (title === undefined || sessionNo < 1) {
          respond.json(res, 404, errorBody('unknownSession', '차시를 찾을 수 없습니다.'));
          return;
        }
        const state = store.get(session.traineeId);
        const access = sessionAccess(state, course.id, sessionNo);
        if (access === 'entryRequired') {
          respond.json(res, 403, {
            ...errorBody('entryRequired', CHECKPOINT_MESSAGES.entryRequired),
            next: entryCheckpointPath(course.id),
          });
          return;
        }
        const body: SessionInfoBody = {
          session: sessionNo,
          title,
          requiresCheck: access === 'checkRequired',
          kind: access === 'checkRequired' ? 'session' : null,
          ...verifierView(state),
        };
        respond.json(res, 200, body);
      },
    },
    {
      method: 'GET',
      path: DEMO_PATH_PATTERNS.assessmentApi,
      handle: ({ res, url, match, session }) => {
        const course = findCourse(match?.[1] ?? '');
        const kind = ASSESSMENT_KINDS.find((candidate) => candidate === match?.[2]);
        if (!course || !kind) {
          respond.json(res, 404, errorBody('unknownCourse', '과정을 찾을 수 없습니다.'));
          return;
        }
        const visit = findVisit(session, url.searchParams.get('visit'), course.id, kind);
        if (!visit?.passed) {
          respond.json(res, 403, errorBody('checkRequired', '본인인증 후 응시할 수 있습니다.'));
          return;
        }
        const body: AssessmentContent = assessmentContent(course, kind);
        respond.json(res, 200, body);
      },
    },
  ];
}
