/**
 * Korean particles whose form depends on the word before them: 로/으로, 을/를, 이/가, 은/는,
 * 과/와. A name that arrives at run time (an institute, a site, a course title) cannot carry a
 * fixed particle in a message — "한빛 직업훈련원로" is wrong where "한빛 직업훈련원으로" is right —
 * so the form is chosen here from how the name's last syllable is read.
 */

/** Each particle by the form written after a vowel, with the form after a final consonant. */
const PARTICLES = {
  로: { afterVowel: '로', afterConsonant: '으로', unknown: '(으)로' },
  를: { afterVowel: '를', afterConsonant: '을', unknown: '을(를)' },
  가: { afterVowel: '가', afterConsonant: '이', unknown: '이(가)' },
  는: { afterVowel: '는', afterConsonant: '은', unknown: '은(는)' },
  와: { afterVowel: '와', afterConsonant: '과', unknown: '과(와)' },
} as const;
type ParticleName = keyof typeof PARTICLES;

/** Either form names its particle: a message may write `{name|으로}` or `{name|로}`. */
const FORMS: Readonly<Record<string, ParticleName>> = Object.fromEntries(
  (Object.keys(PARTICLES) as ParticleName[]).flatMap((name) => [
    [PARTICLES[name].afterVowel, name],
    [PARTICLES[name].afterConsonant, name],
  ]),
);
/** Every form a message could fix after a name, longest first (으로 before 로). */
export const PARTICLE_FORMS: readonly string[] = Object.keys(FORMS).sort((a, b) => b.length - a.length);

export function isParticle(form: string): boolean {
  return form in FORMS;
}

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
/** The jongseong index of ㄹ: 로 follows it as it follows a vowel (서울로, 길로). */
const RIEUL = 8;

/** How a word ends when read aloud: no final consonant, final ㄹ, another final, or not known. */
type Ending = 'vowel' | 'rieul' | 'consonant' | 'unknown';

/** Digits as read in Sino-Korean: 영 일 이 삼 사 오 육 칠 팔 구. */
const DIGIT_ENDINGS: readonly Ending[] = [
  'consonant',
  'rieul',
  'vowel',
  'consonant',
  'vowel',
  'vowel',
  'consonant',
  'rieul',
  'rieul',
  'vowel',
];
/** A number ending in zeros is read by its last place: 십, 백, 천, then 만, 억, 조, 경. */
const TENS_ENDINGS: readonly Ending[] = ['consonant', 'consonant', 'consonant'];
const MYRIAD_ENDINGS: readonly Ending[] = ['consonant', 'consonant', 'vowel', 'consonant'];

/** Latin letters as named in Korean (에이, 비, … 엘, 엠, 엔, … 알): only L, M, N and R end in a consonant. */
const LETTER_ENDINGS: Readonly<Record<string, Ending>> = {
  l: 'rieul',
  r: 'rieul',
  m: 'consonant',
  n: 'consonant',
};

function numberEnding(digits: string): Ending {
  const last = Number(digits.at(-1));
  if (last !== 0) return DIGIT_ENDINGS[last] ?? 'unknown';
  const zeros = digits.length - digits.replace(/0+$/, '').length;
  if (zeros === digits.length) return 'consonant'; // 영
  if (zeros % 4 !== 0) return TENS_ENDINGS[(zeros % 4) - 1] ?? 'unknown';
  return MYRIAD_ENDINGS[zeros / 4 - 1] ?? 'unknown';
}

/**
 * A Latin word as a Korean reader says it: an acronym (LMS, HRD) letter by letter, so its last
 * letter's name; a word by its sound, where a final m, n, ng or l is kept as a final consonant
 * (Zoom → 줌, Kakao → 카카오, Google → 구글) and most other endings gain a vowel (test → 테스트).
 */
function latinEnding(word: string): Ending {
  const last = word.at(-1) ?? '';
  if (word.length === 1 || word === word.toUpperCase()) return LETTER_ENDINGS[last.toLowerCase()] ?? 'vowel';
  const lower = word.toLowerCase();
  if (/(l|le)$/.test(lower)) return 'rieul';
  if (/(m|n|ng)$/.test(lower)) return 'consonant';
  return 'vowel';
}

/** Closing marks and spaces after the word itself: "한빛(데모)" is read up to 모. */
const TRAILING = /[\s)\]}"'’”」』.,!?·]+$/u;

function endingOf(word: string): Ending {
  const base = word.replace(TRAILING, '');
  const last = base.at(-1);
  if (last === undefined) return 'unknown';
  const code = last.codePointAt(0) ?? 0;
  if (code >= HANGUL_FIRST && code <= HANGUL_LAST) {
    const final = (code - HANGUL_FIRST) % 28;
    if (final === 0) return 'vowel';
    return final === RIEUL ? 'rieul' : 'consonant';
  }
  const digits = /\d+$/.exec(base)?.[0];
  if (digits) return numberEnding(digits);
  const latin = /[A-Za-z]+$/.exec(base)?.[0];
  if (latin) return latinEnding(latin);
  return 'unknown';
}

/**
 * The form of `particle` (either of its forms: 로 or 으로, 을 or 를, …) that follows `word`.
 * A word whose reading is not known (a symbol, nothing) gets the written-both form, 을(를).
 */
export function particleAfter(word: string, particle: string): string {
  const name = FORMS[particle];
  if (!name) return particle;
  const forms = PARTICLES[name];
  const ending = endingOf(word);
  if (ending === 'unknown') return forms.unknown;
  if (ending === 'vowel') return forms.afterVowel;
  // ㄹ takes 로 like a vowel; for every other particle it is a final consonant.
  if (ending === 'rieul' && name === '로') return forms.afterVowel;
  return forms.afterConsonant;
}

/** `word` followed by the right form of `particle`: withParticle('한빛 직업훈련원', '로') → '한빛 직업훈련원으로'. */
export function withParticle(word: string, particle: string): string {
  return `${word}${particleAfter(word, particle)}`;
}
