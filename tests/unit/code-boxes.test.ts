// @vitest-environment happy-dom
/**
 * One box per digit: the recogniser finds six adjacent one-character inputs beside HRD's box
 * without ids (or a profile names them), and the fill spreads the code across them as a trainee
 * types it, so the page's own auto-advance script ends with one digit in each box.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { findCodeBoxes, spreadCode } from '@/lib/checkpoints/code-boxes';
import { findCodeInput, matchCheckpoint } from '@/lib/checkpoints/detect';
import { discoverHrdCodeInput, discoverHrdDigitBoxes } from '@/lib/hrd/generic';
import { HRD_GENERIC_PROFILE } from '@/lib/profiles/bundled';
import { parseProfile } from '@/lib/profiles/schema';
import type { CheckpointRule, InstituteProfile } from '@/lib/profiles/types';
import { fillAndSubmit } from '../../entrypoints/checkpoint.content/fill';
import { closeHtmlParser, parseHtml } from './html-parser';

afterAll(closeHtmlParser);

const profile = { ...HRD_GENERIC_PROFILE, origins: ['https://lms.enabled-site.kr/*'] };
const genericRule = profile.checkpoints[0] as CheckpointRule;
const at = new URL('https://lms.enabled-site.kr/edu/classroom?lec=6');
const page = (body: string) => parseHtml(`<!doctype html><html lang="ko"><body>${body}</body></html>`);

const boxes = (count: number, extra = '') =>
  Array.from(
    { length: count },
    (_, index) =>
      `<input type="text" inputmode="numeric" maxlength="1" class="d" data-n="${index}" aria-label="인증번호 ${index + 1}번째 자리"${extra}>`,
  ).join('');

/** HRD's box as a vendor builds it with one box per digit: a table row, the joined code hidden. */
const digitBox = (row: string, wording = 'mOTP 본인인증') =>
  `<div class="cert"><h2>${wording}</h2><div id="hrdOtpFrame"></div>` +
  '<table><tr><th>성명</th><td><input type="text" name="mem_nm" value="홍길동" readonly></td></tr>' +
  `<tr><th>인증번호</th><td>${row}</td></tr></table>` +
  '<p><button type="button">인증하기</button></p></div>';
const ROW = `<div class="otp">${boxes(6)}<input type="hidden" name="cert_val"></div>`;

const numbers = (found: readonly Element[] | null) => found?.map((box) => box.getAttribute('data-n')) ?? null;

describe('six digit boxes, found without ids', () => {
  it('beside HRD wording: the group in page order, its first box as the code input', () => {
    const doc = page(digitBox(ROW));
    expect(numbers(discoverHrdDigitBoxes(doc))).toEqual(['0', '1', '2', '3', '4', '5']);
    // Each box is labelled 인증번호, yet none is taken for the whole code's input on its own.
    expect(discoverHrdCodeInput(doc)?.getAttribute('data-n')).toBe('0');
    const match = matchCheckpoint(profile, at, doc);
    expect(match?.rule.id).toBe('hrd-generic');
    expect(match?.facts.typeOnPage).toBeUndefined();
  });

  it('each box in a wrapper of its own is still one group', () => {
    const wrapped = `<div class="otp">${Array.from({ length: 6 }, (_, n) => `<span><input maxlength="1" data-n="${n}"></span>`).join('')}</div>`;
    expect(numbers(discoverHrdDigitBoxes(page(digitBox(wrapped))))).toEqual(['0', '1', '2', '3', '4', '5']);
  });

  it('not four or eight boxes, nor six split by another field, nor six far from HRD', () => {
    expect(discoverHrdDigitBoxes(page(digitBox(`<div>${boxes(4)}</div>`)))).toBeNull();
    expect(discoverHrdDigitBoxes(page(digitBox(`<div>${boxes(8)}</div>`)))).toBeNull();
    const split = `<div>${boxes(3)}<input name="memo">${boxes(3)}</div>`;
    expect(discoverHrdDigitBoxes(page(digitBox(split)))).toBeNull();
    // Two rows of three: not beside each other.
    const rows = `<div><p>${boxes(3)}</p></div><div><p>${boxes(3)}</p></div>`;
    expect(discoverHrdDigitBoxes(page(digitBox(rows)))).toBeNull();
    // A bank's six-box PIN: no HRD wording or frame near it.
    const bank = `<div class="cert"><h2>보안카드 번호</h2><table><tr><td>${ROW}</td></tr></table><button>확인</button></div>`;
    expect(discoverHrdDigitBoxes(page(bank))).toBeNull();
    expect(matchCheckpoint(profile, at, page(bank))).toBeNull();
    // Disabled boxes are not the form's.
    expect(discoverHrdDigitBoxes(page(digitBox(`<div>${boxes(6, ' disabled')}</div>`)))).toBeNull();
  });

  it('a six-long input near HRD wins over boxes elsewhere on the page', () => {
    const doc = page(`${digitBox('<input maxlength="6" data-n="whole">')}<div>mOTP ${boxes(6)}</div>`);
    expect(discoverHrdCodeInput(doc)?.getAttribute('data-n')).toBe('whole');
    const input = findCodeInput(genericRule, doc) as HTMLInputElement;
    expect(findCodeBoxes(genericRule, doc, input)).toBeNull();
  });

  it("a profile's codeDigits names the boxes; the code input must be one of them", () => {
    const rule = profileRule();
    const doc = page(
      `<div>${boxes(6).replaceAll('class="d"', 'class="otp-digit"')}</div><button id="go">확인</button>`,
    );
    const input = findCodeInput(rule, doc) as HTMLInputElement;
    expect(numbers(findCodeBoxes(rule, doc, input))).toEqual(['0', '1', '2', '3', '4', '5']);
    const other = doc.createElement('input');
    expect(findCodeBoxes(rule, doc, other)).toBeNull();
  });

  it('spreads a code one digit a box, and refuses one that does not fit', () => {
    expect(spreadCode('482915', 6)).toEqual(['4', '8', '2', '9', '1', '5']);
    expect(spreadCode('48291', 6)).toBeNull();
    expect(spreadCode('48291a', 6)).toBeNull();
    expect(spreadCode('48291512', 8)).toHaveLength(8);
  });
});

describe("the fill into the page's boxes", () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  const ctx = {
    setTimeout: (run: () => void, ms: number) => window.setTimeout(run, ms) as unknown as number,
  };
  const noRequest = { waitForRequest: () => Promise.resolve(false) };

  /**
   * The page's own script as such forms have it: a digit moves the focus on (after `input`, and a
   * keyup for a digit moves it too), a box whose value grows past one character spreads it
   * (pasting); the button joins the boxes.
   */
  function installPage(): { sent: string[]; keyups: number; focusOrder: string[] } {
    document.body.innerHTML = digitBox(ROW);
    const seen = { sent: [] as string[], keyups: 0, focusOrder: [] as string[] };
    const all = [...document.querySelectorAll<HTMLInputElement>('input.d')];
    all.forEach((box, index) => {
      box.addEventListener('focus', () => seen.focusOrder.push(box.dataset.n ?? ''));
      box.addEventListener('input', () => {
        const typed = box.value.replace(/\D/g, '');
        if (typed.length > 1) {
          [...typed].forEach((digit, offset) => {
            const target = all[index + offset];
            if (target) target.value = digit;
          });
        } else box.value = typed;
        if (box.value) all[index + 1]?.focus();
      });
      box.addEventListener('keyup', (event) => {
        seen.keyups += 1;
        if (/^\d$/.test(event.key) && document.activeElement === box) all[index + 1]?.focus();
      });
    });
    document.querySelector('button')?.addEventListener('click', () => {
      seen.sent.push(all.map((box) => box.value).join(''));
      const hidden = document.querySelector<HTMLInputElement>('input[name=cert_val]');
      if (hidden) hidden.value = all.map((box) => box.value).join('');
    });
    return seen;
  }

  it('spreads the code across the six boxes, one digit each, then presses the button', async () => {
    const seen = installPage();
    const result = await fillAndSubmit(
      { ...genericRule, form: { ...genericRule.form, resultTimeoutMs: 1000 } },
      document,
      '482915',
      noRequest,
      'unknown',
      ctx,
    );
    expect(result.outcome).toBe('unknown');
    const values = [...document.querySelectorAll<HTMLInputElement>('input.d')].map((box) => box.value);
    expect(values).toEqual(['4', '8', '2', '9', '1', '5']);
    expect(seen.sent).toEqual(['482915']);
    expect(seen.keyups).toBe(6);
    expect(seen.focusOrder.slice(0, 2)).toEqual(['0', '1']);
    expect(document.querySelector<HTMLInputElement>('input[name=cert_val]')?.value).toBe('482915');
  });

  it('refuses a code that does not fit the boxes, and types nothing', async () => {
    const seen = installPage();
    await expect(fillAndSubmit(genericRule, document, '48291', noRequest, 'unknown', ctx)).rejects.toThrow();
    expect(seen.sent).toEqual([]);
    expect([...document.querySelectorAll<HTMLInputElement>('input.d')].every((box) => box.value === '')).toBe(
      true,
    );
  });

  it('a page with one input still gets the whole code in it', async () => {
    document.body.innerHTML = digitBox('<input maxlength="6" placeholder="OTP 번호" class="whole">');
    const rule = { ...genericRule, form: { ...genericRule.form, resultTimeoutMs: 1000 } };
    await fillAndSubmit(rule, document, '482915', noRequest, 'unknown', ctx);
    expect(document.querySelector<HTMLInputElement>('input.whole')?.value).toBe('482915');
  });
});

/** An institute's rule over the generic one, naming its boxes by class. */
function profileRule(): CheckpointRule {
  const parsed = parseProfile({
    ...profile,
    id: 'box-institute',
    instituteName: '칸 훈련원',
    checkpoints: [
      {
        ...genericRule,
        id: 'boxes',
        form: {
          ...genericRule.form,
          discover: undefined,
          codeInput: '.otp-digit',
          codeDigits: '.otp-digit',
          submitButton: '#go',
          submitText: undefined,
        },
      },
    ],
  });
  if (!parsed.ok) throw new Error(`${parsed.error.path}: ${parsed.error.message}`);
  return (parsed.value as InstituteProfile).checkpoints[0] as CheckpointRule;
}
