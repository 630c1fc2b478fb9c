/**
 * The profile schema: every profile, bundled or not, is validated here before use, and a broken
 * one is refused whole with the path of the first wrong field — never half-used. The profile's
 * types (`./types.ts`) are inferred from it, so this is the reference for every field.
 */
import * as v from 'valibot';
import { ANSWER_MEANINGS } from '../hrd/answers';
import { err, ok, type Result } from '../otp/types';
import { patternProblem } from './safe-pattern';
import { selectorProblem } from './safe-selector';
import { CHECKPOINT_KINDS, FALLBACK_KINDS, type InstituteProfile, VERIFICATION_MODES } from './types';

const Text = v.pipe(v.string(), v.minLength(1), v.maxLength(300));
const Texts = v.pipe(v.array(Text), v.maxLength(20));
const Selector = v.pipe(
  Text,
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = selectorProblem(dataset.value);
    if (problem) addIssue({ message: `not a valid CSS selector: ${problem}` });
  }),
);
/** A regular expression that compiles and cannot backtrack catastrophically (`./safe-pattern.ts`). */
const Pattern = v.pipe(
  v.string(),
  v.maxLength(300),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = patternProblem(dataset.value);
    if (problem) addIssue({ message: problem });
  }),
);
const MatchPattern = v.pipe(
  v.string(),
  v.regex(/^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?\/\*$/i, 'must look like https://host/* (optionally *.host)'),
);
const PathOrHttps = v.pipe(
  v.string(),
  v.regex(/^(\/[^/\\]|https:\/\/)/, 'must be a /path or an https:// URL'),
);

const FormSchema = v.strictObject({
  codeInput: Selector,
  submitButton: Selector,
  /**
   * When given, the submit control is the clickable element nearest the code input whose text is
   * one of these ("인증하기", "입력확인", "인증"), for LMSes whose buttons have no stable id; the
   * `submitButton` selector then only narrows the candidates.
   */
  submitText: v.optional(
    v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(20))), v.minLength(1), v.maxLength(10)),
  ),
  /**
   * `hrd`: the code input is found the way HRD-integrated LMSes build it (six long, labelled or
   * placed for the code, near HRD's frame or wording; `lib/hrd/generic.ts`), and `codeInput`
   * only narrows the candidates. For LMSes whose inputs have no stable id or placeholder.
   */
  discover: v.optional(v.picklist(['hrd'])),
  /**
   * A code typed one digit per box: the selector of the boxes, matched in page order (e.g.
   * `.otp-digit`). The code is spread across them as a trainee types it, one digit a box;
   * `codeInput` then names the first box (the same selector does). With `discover: 'hrd'` six
   * adjacent one-character inputs near HRD's box are found without it.
   */
  codeDigits: v.optional(Selector),
  result: Selector,
  /** Texts in the result element that mean each outcome; checked in this order. */
  successText: Texts,
  lockedText: Texts,
  failureText: Texts,
  /** The page refused the input before verifying it (malformed, nothing issued): not an attempt. */
  notCountedText: Texts,
  /** The verifier itself failed (outage): not an attempt; the fallbacks are offered. */
  unavailableText: Texts,
  /** `pattern`'s first group is the number; `counts` says whether it is what is left or what failed. */
  attempts: v.strictObject({ pattern: Pattern, counts: v.picklist(['left', 'failed']) }),
  /** An element that states the verifier's count before any try (e.g. "남은 횟수: 5회"). */
  attemptsSelector: v.optional(Selector),
  /** How long to wait for the page's answer before offering the fallbacks. */
  resultTimeoutMs: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(60_000)),
});

const RuleSchema = v.strictObject({
  id: v.pipe(Text, v.regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and hyphens')),
  kind: v.picklist(CHECKPOINT_KINDS),
  /**
   * Regular expression tested against the page's path and query. Named groups `courseId` and
   * `session` are read when present.
   */
  urlPattern: Pattern,
  /** Each text must appear in the page's visible text. */
  textMarkers: Texts,
  /** Each selector must match an element. */
  requiredSelectors: v.pipe(v.array(Selector), v.maxLength(20)),
  /** At least one of these must match, when given (e.g. the HRD script or its frame). */
  anySelectors: v.optional(v.pipe(v.array(Selector), v.minLength(1), v.maxLength(20))),
  /** Or one of these texts in the page's visible text (with `anySelectors`, either holds). */
  anyText: v.optional(v.pipe(Texts, v.minLength(1))),
  traineeNameSelector: Selector,
  traineePhoneSelector: Selector,
  courseTitleSelector: Selector,
  /** An element whose text holds the session number, when the URL does not. */
  sessionSelector: v.optional(Selector),
  /**
   * The kind read from the page's words where one rule covers several kinds (HRD's box looks the
   * same everywhere); the first kind whose text appears wins, else `kind`. HRD's `EVAL_CD` in the
   * page's own request overrides both.
   */
  kindMarkers: v.optional(
    v.pipe(
      v.record(v.picklist(CHECKPOINT_KINDS), Texts),
      v.check((markers) => Object.keys(markers).length > 0, 'name at least one kind'),
    ),
  ),
  form: FormSchema,
});

const DottedPath = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*){0,4}$/, 'a field name like code or result.code'),
);

const AnswersSchema = v.strictObject({
  endpoints: v.optional(
    v.pipe(
      v.array(
        v.strictObject({
          /** Regular expression over the request URL's path. */
          urlPattern: Pattern,
          role: v.picklist(['verify', 'status', 'reset']),
          format: v.picklist(['hrdV1', 'hrdV2', 'json']),
          /** For `json`: the dotted path of the answer code (default `code`). */
          codeField: v.optional(DottedPath),
          /** For `json`: the dotted path of the consecutive-error count, when the answer has one. */
          errorCountField: v.optional(DottedPath),
          /** For `json` (and to extend v2): answer code → meaning. */
          codes: v.optional(
            v.pipe(
              v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(40)), v.picklist(ANSWER_MEANINGS)),
              v.check((codes) => Object.keys(codes).length <= 50, 'at most 50 codes'),
            ),
          ),
        }),
      ),
      v.maxLength(10),
    ),
  ),
  dialogTexts: v.optional(
    v.strictObject({
      accepted: v.optional(Texts),
      mismatch: v.optional(Texts),
      locked: v.optional(Texts),
      serviceDown: v.optional(Texts),
      again: v.optional(Texts),
    }),
  ),
});

export const ProfileSchema = v.strictObject({
  /** The JSON Schema an institute's editor checks the file with (profiles/profile.schema.json); not read. */
  $schema: v.optional(v.pipe(v.string(), v.maxLength(500))),
  id: v.pipe(Text, v.regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and hyphens')),
  instituteName: Text,
  /** Match patterns (`scheme://host/*`, any port) of the LMS origins the extension runs on. */
  origins: v.pipe(v.array(MatchPattern), v.minLength(1), v.maxLength(20)),
  mode: v.picklist(VERIFICATION_MODES),
  policy: v.strictObject({
    sessionInterval: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)),
    dailyLoginCheck: v.boolean(),
    videoCheck: v.boolean(),
  }),
  /**
   * Selectors of which at least one matches on every page of this LMS. A page on a configured
   * origin without any (a static file, a help site) is left alone: nothing is observed there.
   */
  pageMarkers: v.optional(v.pipe(v.array(Selector), v.minLength(1), v.maxLength(20))),
  checkpoints: v.pipe(
    v.array(RuleSchema),
    v.minLength(1),
    v.maxLength(50),
    v.check(
      (rules) => new Set(rules.map((rule) => rule.id)).size === rules.length,
      'rule ids must be unique',
    ),
  ),
  /**
   * The page where the institute issues a web-OTP key; `keyUriSelector` shows the `otpauth://` URI.
   * `keyQrSelector`: the QR code's image (an `img`, `canvas` or `svg`, or an element holding one)
   * for pages that show the key only that way; without it, an image named or placed as a QR code
   * (`qr` in its id, class, alt or label, or its parent's) is read.
   */
  enrollment: v.optional(
    v.strictObject({ urlPattern: Pattern, keyUriSelector: Selector, keyQrSelector: v.optional(Selector) }),
  ),
  identityVerified: v.optional(
    v.strictObject({ urlPattern: Pattern, resultSelector: Selector, successText: Texts }),
  ),
  fallbacks: v.pipe(
    // `url`: a path on the LMS origin, or an absolute https URL.
    v.array(v.strictObject({ kind: v.picklist(FALLBACK_KINDS), url: PathOrHttps })),
    v.maxLength(10),
  ),
  support: v.strictObject({
    phone: v.pipe(Text, v.regex(/^[\d-]{4,20}$/, 'digits and hyphens')),
    email: v.optional(v.pipe(v.string(), v.email())),
    kakaoChannel: v.optional(Text),
    remoteSupportUrl: v.optional(PathOrHttps),
    manualUrl: v.optional(PathOrHttps),
  }),
  /** `primaryColor` (`#rrggbb`): buttons, links and accents. */
  branding: v.optional(v.strictObject({ primaryColor: v.pipe(v.string(), v.hexColor()) })),
  answers: v.optional(AnswersSchema),
});

export interface ProfileError {
  /** Dotted path of the first wrong field, e.g. `checkpoints.0.form.codeInput`. */
  readonly path: string;
  readonly message: string;
}

/** Validates unknown data (a bundled profile, an imported file, a policy) as a profile. */
export function parseProfile(data: unknown): Result<InstituteProfile, ProfileError> {
  const result = v.safeParse(ProfileSchema, data);
  if (result.success) return ok(result.output);
  const issue = result.issues[0];
  const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
  return err({ path: path || '(profile)', message: issue.message });
}
