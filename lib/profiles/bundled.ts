import type { InstituteProfile } from './types';

/**
 * The demo LMS profile (`demo/`). Its origin is the loopback address on any port, so the demo and
 * the end-to-end tests can run on a free port; `localhost` is deliberately not configured.
 */
export const DEMO_LMS_PROFILE: InstituteProfile = {
  id: 'demo-lms',
  instituteName: '데모 원격훈련원',
  origins: ['http://127.0.0.1/*'],
  mode: 'webOtp',
  checkpoints: [
    {
      id: 'demo-entry',
      kind: 'entry',
      urlPattern: '^/courses/(?<courseId>[\\w-]+)/checkpoint/entry(?:[/?#]|$)',
      textMarkers: ['최초 과정 입과시 본인인증'],
      requiredSelectors: ['#otp-form'],
      traineeNameSelector: '.trainee-name',
      traineePhoneSelector: '.trainee-phone',
      courseTitleSelector: '.course-title',
      form: {
        codeInput: '#otp-code',
        submitButton: '#otp-submit',
        result: '#otp-result',
        successText: ['본인인증이 완료'],
        lockedText: ['잠겼습니다'],
        failureText: ['일치하지 않습니다', '이미 사용된'],
        notCountedText: ['6자리 숫자', '발급되지 않았습니다'],
        attemptsLeftPattern: '남은 횟수:?\\s*(\\d+)\\s*회',
      },
    },
  ],
  enrollment: {
    urlPattern: '^/otp/enroll(?:[/?#]|$)',
    keyUriSelector: '#otp-key-uri',
  },
  support: {
    phone: '1833-3075',
    email: 'help@demo-lms.example',
    kakaoChannel: '데모원격훈련원',
  },
};

export const BUNDLED_PROFILES: readonly InstituteProfile[] = [DEMO_LMS_PROFILE];

/** Every match pattern of the bundled profiles: the manifest's host access and content-script matches. */
export const BUNDLED_LMS_MATCHES: readonly string[] = [
  ...new Set(BUNDLED_PROFILES.flatMap((p) => p.origins)),
];
