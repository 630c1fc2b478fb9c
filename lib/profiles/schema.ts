/**
 * The profile schema: every profile, bundled or not, is validated here before use, and a broken
 * one is refused whole with the path of the first wrong field — never half-used.
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
  submitText: v.optional(
    v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(20))), v.minLength(1), v.maxLength(10)),
  ),
  discover: v.optional(v.picklist(['hrd'])),
  result: Selector,
  successText: Texts,
  lockedText: Texts,
  failureText: Texts,
  notCountedText: Texts,
  unavailableText: Texts,
  attempts: v.strictObject({ pattern: Pattern, counts: v.picklist(['left', 'failed']) }),
  attemptsSelector: v.optional(Selector),
  resultTimeoutMs: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(60_000)),
});

const RuleSchema = v.strictObject({
  id: v.pipe(Text, v.regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and hyphens')),
  kind: v.picklist(CHECKPOINT_KINDS),
  urlPattern: Pattern,
  textMarkers: Texts,
  requiredSelectors: v.pipe(v.array(Selector), v.maxLength(20)),
  anySelectors: v.optional(v.pipe(v.array(Selector), v.minLength(1), v.maxLength(20))),
  anyText: v.optional(v.pipe(Texts, v.minLength(1))),
  traineeNameSelector: Selector,
  traineePhoneSelector: Selector,
  courseTitleSelector: Selector,
  sessionSelector: v.optional(Selector),
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
          urlPattern: Pattern,
          role: v.picklist(['verify', 'status', 'reset']),
          format: v.picklist(['hrdV1', 'hrdV2', 'json']),
          codeField: v.optional(DottedPath),
          errorCountField: v.optional(DottedPath),
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
  id: v.pipe(Text, v.regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and hyphens')),
  instituteName: Text,
  origins: v.pipe(v.array(MatchPattern), v.minLength(1), v.maxLength(20)),
  mode: v.picklist(VERIFICATION_MODES),
  policy: v.strictObject({
    sessionInterval: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)),
    dailyLoginCheck: v.boolean(),
    videoCheck: v.boolean(),
  }),
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
  enrollment: v.optional(v.strictObject({ urlPattern: Pattern, keyUriSelector: Selector })),
  identityVerified: v.optional(
    v.strictObject({ urlPattern: Pattern, resultSelector: Selector, successText: Texts }),
  ),
  fallbacks: v.pipe(
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
