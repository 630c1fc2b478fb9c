// @vitest-environment happy-dom
import { Window as HappyWindow } from 'happy-dom';
import { afterAll, describe, expect, it } from 'vitest';
import { matchCheckpoint, type PageHints } from '@/lib/checkpoints/detect';
import { inputCarrying } from '@/lib/hrd/generic';
import { installPageObserver, VARIABLES_EVENT } from '@/lib/observer/page-observer';
import { HRD_GENERIC_PROFILE } from '@/lib/profiles/bundled';
import { closeHtmlParser, parseHtml } from './html-parser';

afterAll(closeHtmlParser);

const profile = { ...HRD_GENERIC_PROFILE, origins: ['https://lms.enabled-site.kr/*'] };
const at = new URL('https://lms.enabled-site.kr/edu/classroom?lec=5');
const page = (body: string) => parseHtml(`<!doctype html><html lang="ko"><body>${body}</body></html>`);
const recognise = (doc: Document, hints?: PageHints) => matchCheckpoint(profile, at, doc, undefined, hints);

/** HRD's box whose only field is filled by the page's keypad: nothing says it takes the code. */
const KEYPAD_BOX =
  '<div class="cert"><h2>mOTP 본인인증</h2><div id="hrdOtpFrame"></div>' +
  '<table><tr><th>보안 키패드</th><td><input type="password" name="pw_val" readonly></td></tr></table>' +
  '<p><button type="button">인증하기</button></p></div>';

describe("HRD's box with no input the recogniser can find", () => {
  it('is a checkpoint typed on the page when wired to HRD, worded as mOTP, with its control', () => {
    const match = recognise(page(KEYPAD_BOX));
    expect(match?.rule.id).toBe('hrd-generic');
    expect(match?.facts.typeOnPage).toBe(true);
  });

  it('a box whose input is found is not typed on the page', () => {
    const doc = page(KEYPAD_BOX.replace('name="pw_val"', 'name="pw_val" maxlength="6"'));
    expect(recognise(doc)?.facts.typeOnPage).toBeUndefined();
  });

  it('HRD API calls the frame made are wiring too, when neither the loader nor the frame is there', () => {
    const doc = page(KEYPAD_BOX.replace('<div id="hrdOtpFrame"></div>', ''));
    expect(recognise(doc)).toBeNull();
    expect(recognise(doc, { calledHrd: true })?.facts.typeOnPage).toBe(true);
  });

  it('not a page that merely mentions mOTP or OTP, however much it looks like the box', () => {
    const unwired = KEYPAD_BOX.replace('<div id="hrdOtpFrame"></div>', '');
    expect(recognise(page(unwired))).toBeNull();
    expect(recognise(page(unwired.replace('mOTP', 'OTP')), { calledHrd: true })).toBeNull();
    // Wired, but not worded as HRD's box.
    expect(recognise(page(KEYPAD_BOX.replace('mOTP 본인인증', '휴대폰 본인인증')))).toBeNull();
  });

  it("not before the box is there: no control beside HRD's frame, or the frame hidden", () => {
    expect(recognise(page(KEYPAD_BOX.replace('인증하기', '취소')))).toBeNull();
    expect(
      recognise(page(KEYPAD_BOX.replace('<div id="hrdOtpFrame">', '<div id="hrdOtpFrame" hidden>'))),
    ).toBeNull();
    expect(recognise(page(`<div hidden>${KEYPAD_BOX}</div>`))).toBeNull();
    // A hidden control is no control either.
    const hiddenControl = KEYPAD_BOX.replace('<p><button', '<p hidden><button');
    expect(recognise(page(hiddenControl))).toBeNull();
  });

  it("becomes a box the overlay fills once the page's request carried the field's value as OTPNO", () => {
    const doc = page(KEYPAD_BOX);
    const field = doc.querySelector<HTMLInputElement>('[name=pw_val]');
    if (!field) throw new Error('no field');
    field.value = '482915';
    const confirmedInput = inputCarrying(doc, '482915');
    expect(confirmedInput).toBe(field);
    expect(recognise(doc, { confirmedInput })?.facts.typeOnPage).toBeUndefined();
  });
});

describe("kind and session from the page's own variables", () => {
  it('stand in when the words say neither; the words come first', () => {
    const doc = page(KEYPAD_BOX);
    expect(recognise(doc)?.facts).toMatchObject({ kind: 'entry', session: null });
    const pageVariables = { EVAL_CD: '01', CLASS_TME: '5' };
    expect(recognise(doc, { pageVariables })?.facts).toMatchObject({ kind: 'session', session: 5 });
    expect(recognise(doc, { pageVariables: { eval_cd: '02', class_tme: '1' } })?.facts).toMatchObject({
      kind: 'exam',
      session: null,
    });
    const worded = page(KEYPAD_BOX.replace('mOTP 본인인증', '시험 응시 mOTP 본인인증'));
    expect(recognise(worded, { pageVariables })?.facts.kind).toBe('exam');
    // Unknown codes and non-numbers say nothing.
    expect(recognise(doc, { pageVariables: { EVAL_CD: '77', CLASS_TME: 'x' } })?.facts).toMatchObject({
      kind: 'entry',
      session: null,
    });
    // Any script of the page may answer: what is not a string is no value (and breaks nothing).
    expect(
      recognise(doc, { pageVariables: { EVAL_CD: 1, CLASS_TME: { x: 1 }, eval_cd: null } })?.facts,
    ).toMatchObject({ kind: 'entry', session: null });
  });
});

describe("the page observer's answer about the page's variables", () => {
  /** A fresh page world with the observer, asked as the content script asks. */
  function ask(setUp: (win: Window & typeof globalThis) => void): unknown {
    const win = new HappyWindow({
      url: 'https://lms.enabled-site.kr/edu/classroom?lec=5',
    }) as unknown as Window & typeof globalThis;
    setUp(win);
    installPageObserver(win);
    let answer: unknown = null;
    win.document.addEventListener(VARIABLES_EVENT, (event) => {
      const detail = (event as CustomEvent<unknown>).detail;
      if (typeof detail === 'string') answer = JSON.parse(detail);
    });
    win.document.dispatchEvent(new win.CustomEvent(VARIABLES_EVENT));
    return answer;
  }

  it('answers at once with globals and hidden fields, strings and numbers only', () => {
    const answer = ask((win) => {
      Object.assign(win, { EVAL_CD: '01', CLASS_TME: 3, evalCd: { toString: () => '02' } });
      win.document.body.innerHTML = '<input type="hidden" name="class_tme" value="07">';
    });
    expect(answer).toEqual({ EVAL_CD: '01', CLASS_TME: '3', class_tme: '07' });
  });

  it('never runs page code to read them: a getter is not called', () => {
    let called = 0;
    const answer = ask((win) => {
      Object.defineProperty(win, 'EVAL_CD', {
        get: () => {
          called += 1;
          return '01';
        },
        configurable: true,
      });
    });
    expect(answer).toEqual({});
    expect(called).toBe(0);
  });

  it("answers only the question, not its own answer or another script's", () => {
    let answers = 0;
    const win = new HappyWindow() as unknown as Window & typeof globalThis;
    installPageObserver(win);
    win.document.addEventListener(VARIABLES_EVENT, () => {
      answers += 1;
    });
    win.document.dispatchEvent(new win.CustomEvent(VARIABLES_EVENT, { detail: '{"EVAL_CD":"02"}' }));
    expect(answers).toBe(1);
    win.document.dispatchEvent(new win.CustomEvent(VARIABLES_EVENT));
    // The question and the one answer to it.
    expect(answers).toBe(3);
  });
});
