import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnswerEndpoint,
  endpointFor,
  HRD_ENDPOINTS,
  parseHrdTime,
  parseRequestFields,
  readAnswer,
  readCount,
  readDialogText,
  requestFacts,
} from '@/lib/hrd/answers';

const FDS = 'https://fds.hrdkorea.or.kr/fdsService/hrdOTP/JSP';
const EMON = 'https://emonotp.hrdkorea.or.kr/api/v2';

function hrd(url: string): AnswerEndpoint {
  const endpoint = endpointFor(url);
  if (!endpoint) throw new Error(`no endpoint for ${url}`);
  return endpoint;
}

const RESULT = hrd(`${FDS}/validateOtp/chkOtpResult.jsp`);
const STATUS = hrd(`${FDS}/clientService/chkOtpDeviceStatus.jsp`);
const ACCREDIT = hrd(`${EMON}/otp_accredit`);
const RESET = hrd(`${EMON}/user_reset`);

const v1Result = (retVal: string, errCnt?: string, msg = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><result><RetVal>${retVal}</RetVal>${
    errCnt === undefined ? '' : `<ErrCnt>${errCnt}</ErrCnt>`
  }<RetMsg>${msg}</RetMsg><Remark></Remark></result>`;
const v1Status = (conn: string, otp: string, errCnt?: string, remark = '') =>
  `<result><ConnStatus>${conn}</ConnStatus><OtpStatus>${otp}</OtpStatus>${
    errCnt === undefined ? '' : `<ErrCnt>${errCnt}</ErrCnt>`
  }<Remark>${remark}</Remark></result>`;
const v2 = (code: string | number, msg = '') => JSON.stringify({ code, msg });

describe('endpointFor', () => {
  it('names the role and format of each of HRD’s endpoints', () => {
    expect(RESULT).toMatchObject({ role: 'verify', format: 'hrdV1' });
    expect(STATUS).toMatchObject({ role: 'status', format: 'hrdV1' });
    expect(ACCREDIT).toMatchObject({ role: 'verify', format: 'hrdV2' });
    expect(RESET).toMatchObject({ role: 'reset', format: 'hrdV2' });
  });

  it('matches by path only: query strings, other hosts (an LMS proxy) and letter case do not matter', () => {
    expect(endpointFor('https://lms.example.kr/proxy/chkOtpResult.jsp?OTPNO=123456')).toBe(RESULT);
    expect(endpointFor('/hrd/api/v2/otp_accredit')).toBe(ACCREDIT);
    expect(endpointFor('https://lms.example.kr/API/V2/OTP_ACCREDIT')).toBe(ACCREDIT);
  });

  it('ignores look-alike paths and unparsable URLs', () => {
    expect(endpointFor(`${FDS}/validateOtp/chkOtpResult.jsp.bak`)).toBeNull();
    expect(endpointFor(`${EMON}/otp_accredit/extra`)).toBeNull();
    expect(endpointFor(`${EMON}/otp_accredit_log`)).toBeNull();
    expect(endpointFor('https://emon.hrdkorea.or.kr/EAIServer/pAuthLog.jsp')).toBeNull();
    expect(endpointFor('http://[broken')).toBeNull();
  });

  it('puts a profile’s endpoints before HRD’s own and skips invalid patterns', () => {
    const proxy: AnswerEndpoint = { urlPattern: '/otp_accredit$', role: 'verify', format: 'json' };
    const broken: AnswerEndpoint = { urlPattern: '(', role: 'verify', format: 'json' };
    expect(endpointFor(`${EMON}/otp_accredit`, [broken, proxy])).toBe(proxy);
    expect(endpointFor(`${EMON}/user_reset`, [broken, proxy])).toBe(RESET);
    expect(endpointFor('https://lms.example.kr/otp/check', [broken])).toBeNull();
  });

  it('lists exactly HRD’s four endpoints', () => {
    expect(HRD_ENDPOINTS.map((e) => `${e.role}/${e.format}`)).toEqual([
      'verify/hrdV1',
      'status/hrdV1',
      'verify/hrdV2',
      'reset/hrdV2',
    ]);
  });
});

describe('readAnswer: v1 chkOtpResult.jsp', () => {
  it('RetVal 101 is accepted, with HRD’s message', () => {
    expect(readAnswer(RESULT, 200, v1Result('101', '0', '정상 인증'))).toEqual({
      type: 'accepted',
      message: '정상 인증',
    });
  });

  it('any other RetVal is a mismatch carrying ErrCnt as the count', () => {
    expect(readAnswer(RESULT, 200, v1Result('102', '2', '불일치'))).toEqual({
      type: 'mismatch',
      errorCount: 2,
      message: '불일치',
    });
    expect(readAnswer(RESULT, 200, v1Result('999', '1'))).toMatchObject({ type: 'mismatch', errorCount: 1 });
    expect(readAnswer(RESULT, 200, v1Result('102'))).toMatchObject({ type: 'mismatch', errorCount: null });
  });

  it('ErrCnt at 5 (or above, clamped) is the lock', () => {
    expect(readAnswer(RESULT, 200, v1Result('102', '5'))).toMatchObject({ type: 'locked' });
    expect(readAnswer(RESULT, 200, v1Result('102', '9'))).toMatchObject({ type: 'locked' });
  });

  it('a 9xx RetVal without a count is the service failing, not an attempt', () => {
    expect(readAnswer(RESULT, 200, v1Result('901'))).toMatchObject({ type: 'serviceDown', errorCount: null });
  });

  it('reads tags case-insensitively, with attributes, whitespace and entities', () => {
    expect(
      readAnswer(RESULT, 200, '<RESULT><retval> 102 </retval><errcnt type="n">3</errcnt></RESULT>'),
    ).toMatchObject({ type: 'mismatch', errorCount: 3 });
    expect(
      readAnswer(RESULT, 200, '<result><RetVal>101</RetVal><RetMsg>A &amp; B &lt;ok&gt;</RetMsg></result>'),
    ).toEqual({ type: 'accepted', message: 'A & B <ok>' });
  });

  it('reads a message wrapped in CDATA', () => {
    expect(
      readAnswer(
        RESULT,
        200,
        '<result><RetVal>102</RetVal><ErrCnt>1</ErrCnt><RetMsg><![CDATA[번호 불일치]]></RetMsg></result>',
      ),
    ).toEqual({ type: 'mismatch', errorCount: 1, message: '번호 불일치' });
    expect(
      readAnswer(
        RESULT,
        200,
        '<result><RetVal><![CDATA[101]]></RetVal><RetMsg><![CDATA[<b>OK</b>]]></RetMsg></result>',
      ),
    ).toEqual({ type: 'accepted', message: '<b>OK</b>' });
    expect(
      readAnswer(
        STATUS,
        200,
        '<r><ConnStatus><![CDATA[101]]></ConnStatus><OtpStatus>101</OtpStatus><ErrCnt><![CDATA[2]]></ErrCnt></r>',
      ),
    ).toEqual({
      type: 'ready',
      errorCount: 2,
    });
    // A CDATA section cut off is still unreadable.
    expect(readAnswer(RESULT, 200, '<result><RetVal><![CDATA[101</RetVal></result>')).toEqual({
      type: 'unreadable',
    });
  });

  it('a count that is no count is ignored, never NaN', () => {
    for (const bad of ['x', '-1', '1.5', '', '  ', '3회']) {
      const answer = readAnswer(RESULT, 200, v1Result('102', bad));
      expect(answer).toMatchObject({ type: 'mismatch', errorCount: null });
    }
    expect(readAnswer(RESULT, 200, '<result><RetVal>102</RetVal><ErrCnt/></result>')).toMatchObject({
      type: 'mismatch',
      errorCount: null,
    });
  });

  it('truncated, empty or foreign bodies are unreadable', () => {
    for (const body of [
      '<result><RetVal>10',
      '<result><RetVal>101',
      '<result><ErrCnt>2</ErrCnt></result>',
      '',
      'OK',
      '{"RetVal":"101"}',
      '<html><body>502 Bad Gateway</body></html>',
    ]) {
      expect(readAnswer(RESULT, 200, body), body).toEqual({ type: 'unreadable' });
    }
  });
});

describe('readAnswer: v1 chkOtpDeviceStatus.jsp', () => {
  it('registered and up is ready, with HRD’s count', () => {
    expect(readAnswer(STATUS, 200, v1Status('101', '101', '3'))).toEqual({ type: 'ready', errorCount: 3 });
    expect(readAnswer(STATUS, 200, v1Status('101', '101', '0'))).toEqual({ type: 'ready', errorCount: 0 });
    expect(readAnswer(STATUS, 200, v1Status('101', '101'))).toEqual({ type: 'ready', errorCount: null });
  });

  it('OtpStatus 102 (stopped after wrong PINs) or ErrCnt 5 is locked', () => {
    expect(readAnswer(STATUS, 200, v1Status('101', '102', '5'))).toMatchObject({ type: 'locked' });
    expect(readAnswer(STATUS, 200, v1Status('101', '102'))).toMatchObject({ type: 'locked' });
    expect(readAnswer(STATUS, 200, v1Status('101', '101', '5'))).toMatchObject({ type: 'locked' });
  });

  it('OtpStatus 103 is not registered', () => {
    expect(readAnswer(STATUS, 200, v1Status('101', '103', '0', '미등록'))).toEqual({
      type: 'notRegistered',
      message: '미등록',
    });
  });

  it('ConnStatus 102 or OtpStatus 901 is the service down, keeping the count it states', () => {
    expect(readAnswer(STATUS, 200, v1Status('102', '101', '2', '점검'))).toEqual({
      type: 'serviceDown',
      errorCount: 2,
      message: '점검',
    });
    expect(readAnswer(STATUS, 200, v1Status('101', '901'))).toMatchObject({
      type: 'serviceDown',
      errorCount: null,
    });
  });

  it('unknown statuses and truncated bodies are unreadable', () => {
    expect(readAnswer(STATUS, 200, v1Status('101', '555'))).toEqual({ type: 'unreadable' });
    expect(readAnswer(STATUS, 200, '<result><ConnStatus>10')).toEqual({ type: 'unreadable' });
    expect(readAnswer(STATUS, 200, '<result><ErrCnt>3</ErrCnt></result>')).toEqual({ type: 'unreadable' });
  });
});

describe('readAnswer: v2 otp_accredit', () => {
  it('maps each of HRD’s codes', () => {
    expect(readAnswer(ACCREDIT, 200, v2('200', '성공'))).toEqual({ type: 'accepted', message: '성공' });
    expect(readAnswer(ACCREDIT, 200, v2(200))).toMatchObject({ type: 'accepted' });
    expect(readAnswer(ACCREDIT, 200, v2('AP001', '불일치'))).toEqual({
      type: 'mismatch',
      errorCount: null,
      message: '불일치',
    });
    expect(readAnswer(ACCREDIT, 200, v2('AP009', '5회 오류'))).toEqual({
      type: 'locked',
      message: '5회 오류',
    });
    expect(readAnswer(ACCREDIT, 200, v2('AP005'))).toMatchObject({ type: 'notRegistered' });
  });

  it('other AP/WE/IE/CE codes are service or input errors: no attempt', () => {
    for (const code of ['AP002', 'AP010', 'WE001', 'IE003', 'CE999']) {
      expect(readAnswer(ACCREDIT, 200, v2(code)), code).toMatchObject({
        type: 'serviceDown',
        errorCount: null,
      });
    }
  });

  it('unknown codes are unreadable', () => {
    for (const code of ['201', '0', 'OK', 'XX001', 'AP01', 'AP0001', 'ap001', '']) {
      expect(readAnswer(ACCREDIT, 200, v2(code)), code).toEqual({ type: 'unreadable' });
    }
  });

  it('malformed, truncated and shapeless JSON is unreadable', () => {
    for (const body of [
      '{"code":',
      '{"code":"AP0',
      '',
      'null',
      '"AP001"',
      '[]',
      '{"msg":"x"}',
      '{"code":null}',
      '{"code":{"v":1}}',
      '<result/>',
    ]) {
      expect(readAnswer(ACCREDIT, 200, body), body).toEqual({ type: 'unreadable' });
    }
  });

  it('HTTP 5xx is the service down, other non-2xx statuses tell nothing', () => {
    for (const status of [500, 502, 503, 504, 599]) {
      expect(readAnswer(ACCREDIT, status, v2('200'))).toEqual({
        type: 'serviceDown',
        errorCount: null,
        message: '',
      });
      expect(readAnswer(RESULT, status, v1Result('101'))).toMatchObject({ type: 'serviceDown' });
    }
    for (const status of [0, 101, 199, 301, 304, 400, 401, 403, 404, 429]) {
      expect(readAnswer(ACCREDIT, status, v2('200')), String(status)).toEqual({ type: 'unreadable' });
      expect(readAnswer(STATUS, status, v1Status('101', '101', '0'))).toEqual({ type: 'unreadable' });
    }
  });

  it('cuts HRD’s message to 300 characters', () => {
    const answer = readAnswer(ACCREDIT, 200, v2('AP001', '가'.repeat(1000)));
    expect(answer.type === 'mismatch' && answer.message.length).toBe(300);
  });
});

describe('readAnswer: v2 user_reset', () => {
  it('200 is the reset, AP010 (or another error code) its failure, anything else unreadable', () => {
    expect(readAnswer(RESET, 200, v2('200'))).toEqual({ type: 'reset' });
    expect(readAnswer(RESET, 200, v2('AP010'))).toEqual({ type: 'resetFailed' });
    expect(readAnswer(RESET, 200, v2('WE002'))).toEqual({ type: 'resetFailed' });
    expect(readAnswer(RESET, 200, v2('OK'))).toEqual({ type: 'unreadable' });
    expect(readAnswer(RESET, 200, '{"code":')).toEqual({ type: 'unreadable' });
    expect(readAnswer(RESET, 503, v2('200'))).toMatchObject({ type: 'serviceDown' });
  });
});

describe('readAnswer: a profile’s json endpoint', () => {
  const custom: AnswerEndpoint = {
    urlPattern: '/otp/verify\\.do$',
    role: 'verify',
    format: 'json',
    codeField: 'result.status',
    errorCountField: 'result.fails',
    codes: { OK: 'accepted', NG: 'mismatch', LOCK: 'locked', DOWN: 'serviceDown', BAD: 'inputError' },
  };
  const body = (status: string, fails?: unknown, message?: string) =>
    JSON.stringify({ result: { status, fails }, message });

  it('reads the code and count at their dotted paths through the code map', () => {
    expect(readAnswer(custom, 200, body('OK', 0, '확인'))).toEqual({ type: 'accepted', message: '확인' });
    expect(readAnswer(custom, 200, body('NG', 2))).toMatchObject({ type: 'mismatch', errorCount: 2 });
    expect(readAnswer(custom, 200, body('NG', '4'))).toMatchObject({ type: 'mismatch', errorCount: 4 });
    expect(readAnswer(custom, 200, body('NG'))).toMatchObject({ type: 'mismatch', errorCount: null });
    expect(readAnswer(custom, 200, body('LOCK'))).toMatchObject({ type: 'locked' });
    expect(readAnswer(custom, 200, body('DOWN', 1))).toMatchObject({ type: 'serviceDown', errorCount: 1 });
    expect(readAnswer(custom, 200, body('BAD'))).toMatchObject({ type: 'inputError' });
  });

  it('a mismatch whose count reaches 5 is the lock', () => {
    expect(readAnswer(custom, 200, body('NG', 5))).toMatchObject({ type: 'locked' });
    expect(readAnswer(custom, 200, body('NG', 12))).toMatchObject({ type: 'locked' });
  });

  it('counts outside 0–5 or not digits are ignored or clamped, never NaN', () => {
    expect(readAnswer(custom, 200, body('NG', -1))).toMatchObject({ type: 'mismatch', errorCount: null });
    expect(readAnswer(custom, 200, body('NG', 2.5))).toMatchObject({ type: 'mismatch', errorCount: null });
    expect(readAnswer(custom, 200, body('NG', 'two'))).toMatchObject({ type: 'mismatch', errorCount: null });
    expect(readAnswer(custom, 200, body('NG', true))).toMatchObject({ type: 'mismatch', errorCount: null });
  });

  it('codes outside its map are unreadable: the v2 table is not applied to a json endpoint', () => {
    expect(readAnswer(custom, 200, body('AP001'))).toEqual({ type: 'unreadable' });
    expect(readAnswer(custom, 200, JSON.stringify({ code: 'OK' }))).toEqual({ type: 'unreadable' });
  });

  it('a code map extends HRD’s v2 table on a v2 endpoint', () => {
    const extended: AnswerEndpoint = { ...ACCREDIT, codes: { AP777: 'mismatch', AP001: 'locked' } };
    expect(readAnswer(extended, 200, v2('AP777'))).toMatchObject({ type: 'mismatch' });
    expect(readAnswer(extended, 200, v2('AP001'))).toMatchObject({ type: 'locked' });
    expect(readAnswer(extended, 200, v2('200'))).toMatchObject({ type: 'accepted' });
  });

  it('defaults to the `code` field', () => {
    const plain: AnswerEndpoint = {
      urlPattern: '/x$',
      role: 'verify',
      format: 'json',
      codes: { '0': 'accepted' },
    };
    expect(readAnswer(plain, 200, JSON.stringify({ code: 0 }))).toMatchObject({ type: 'accepted' });
  });
});

describe('readAnswer never throws', () => {
  it('on any body, status and endpoint', () => {
    const endpoints = [RESULT, STATUS, ACCREDIT, RESET];
    fc.assert(
      fc.property(
        fc.constantFrom(...endpoints),
        fc.integer({ min: 0, max: 999 }),
        fc.oneof(fc.string(), fc.json(), fc.constantFrom(v1Result('102', '3'), v2('AP001'))),
        (endpoint, status, body) => {
          const answer = readAnswer(endpoint, status, body);
          if ('errorCount' in answer && answer.errorCount !== null) {
            expect(Number.isInteger(answer.errorCount)).toBe(true);
            expect(answer.errorCount).toBeGreaterThanOrEqual(0);
            expect(answer.errorCount).toBeLessThanOrEqual(5);
          }
          if (status < 200 || status >= 300) {
            expect(answer.type).toBe(status >= 500 ? 'serviceDown' : 'unreadable');
          }
        },
      ),
    );
  });
});

describe('readCount', () => {
  it('reads digits as integers 0–5, clamping above', () => {
    expect(readCount('0')).toBe(0);
    expect(readCount(' 3 ')).toBe(3);
    expect(readCount(4)).toBe(4);
    expect(readCount('5')).toBe(5);
    expect(readCount('7')).toBe(5);
    expect(readCount(999)).toBe(5);
  });

  it('ignores what is no count', () => {
    for (const raw of [
      '',
      '-1',
      -1,
      '1.5',
      1.5,
      'x',
      '3회',
      NaN,
      Infinity,
      '1e3',
      '1000',
      null,
      undefined,
      true,
      {},
    ]) {
      expect(readCount(raw), String(raw)).toBeNull();
    }
  });

  it('is always null or an integer 0–5', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.integer(), fc.anything()), (raw) => {
        const count = readCount(raw);
        if (count !== null) {
          expect(Number.isInteger(count)).toBe(true);
          expect(count).toBeGreaterThanOrEqual(0);
          expect(count).toBeLessThanOrEqual(5);
        }
      }),
    );
  });
});

describe('requestFacts', () => {
  it('maps EVAL_CD as HRD defines it', () => {
    const table: Record<string, string | null> = {
      '00': 'entry',
      '01': 'session',
      '02': 'exam',
      '03': 'assignment',
      '04': 'evaluation',
      '99': null,
      '05': null,
      abc: null,
    };
    for (const [code, kind] of Object.entries(table)) {
      expect(requestFacts({ EVAL_CD: code }).kind, code).toBe(kind);
    }
    expect(requestFacts({ EVAL_CD: '1' }).kind).toBe('session');
    expect(requestFacts({}).kind).toBeNull();
  });

  it('reads CLASS_TME as the session only for 진도', () => {
    expect(requestFacts({ EVAL_CD: '01', CLASS_TME: '9' }).session).toBe(9);
    expect(requestFacts({ EVAL_CD: '01', CLASS_TME: '012' }).session).toBe(12);
    expect(requestFacts({ EVAL_CD: '01', CLASS_TME: '00' }).session).toBeNull();
    expect(requestFacts({ EVAL_CD: '01', CLASS_TME: '9a' }).session).toBeNull();
    expect(requestFacts({ EVAL_CD: '01', CLASS_TME: '1234' }).session).toBeNull();
    // The attempt number of an assessment and the 00 of an entry are not sessions.
    expect(requestFacts({ EVAL_CD: '02', CLASS_TME: '2' }).session).toBeNull();
    expect(requestFacts({ EVAL_CD: '00', CLASS_TME: '00' }).session).toBeNull();
    expect(requestFacts({ CLASS_TME: '9' }).session).toBeNull();
  });

  it('reads the trainee and whether a code was carried, never the code itself', () => {
    const facts = requestFacts({
      EVAL_CD: '00',
      OTPNO: '482913',
      UT: '20240101120000',
      USER_NM: ' 홍길동 ',
      USER_TEL: '010-1234-5678',
    });
    expect(facts).toEqual({
      kind: 'entry',
      session: null,
      traineeName: '홍길동',
      traineePhone: '010-1234-5678',
      carriesCode: true,
      codeLength: 6,
      // 2024-01-01 12:00:00 in Korea.
      hrdTime: Date.UTC(2024, 0, 1, 3, 0, 0),
    });
    expect(JSON.stringify(facts)).not.toContain('482913');
    expect(Object.values(facts)).not.toContain('482913');
  });

  it('matches field names case-insensitively and without _ or -', () => {
    const facts = requestFacts({
      eval_cd: '01',
      classTme: '3',
      otp_no: '12345',
      UserNm: '김',
      'user-tel': '01099998888',
    });
    expect(facts).toMatchObject({
      kind: 'session',
      session: 3,
      traineeName: '김',
      traineePhone: '01099998888',
      carriesCode: true,
      codeLength: 5,
    });
    expect(requestFacts({ otpNo: '123456' }).carriesCode).toBe(true);
  });

  it('a blank code is no code', () => {
    expect(requestFacts({ OTPNO: '' })).toMatchObject({ carriesCode: false, codeLength: 0 });
    expect(requestFacts({ OTPNO: '   ' })).toMatchObject({ carriesCode: false, codeLength: 0 });
    expect(requestFacts({ USER_NM: '홍길동' })).toMatchObject({ carriesCode: false, codeLength: 0 });
  });
});

describe('parseRequestFields', () => {
  it('reads form-encoded bodies, with the query string', () => {
    expect(
      parseRequestFields(
        '/hrd/chkOtpResult.jsp?EVAL_CD=01',
        'OTPNO=123456&CLASS_TME=9&USER_NM=%ED%99%8D%EA%B8%B8%EB%8F%99&x=a+b',
      ),
    ).toEqual({ EVAL_CD: '01', OTPNO: '123456', CLASS_TME: '9', USER_NM: '홍길동', x: 'a b' });
  });

  it('lets the body win over the query string for the same field', () => {
    expect(parseRequestFields('/x?EVAL_CD=00', 'EVAL_CD=02')).toEqual({ EVAL_CD: '02' });
  });

  it('reads flat JSON bodies, keeping strings and numbers only', () => {
    expect(
      parseRequestFields(
        `${EMON}/otp_accredit`,
        ' {"OTPNO":"123456","EVAL_CD":"01","CLASS_TME":9,"nested":{"a":1},"list":[1],"flag":true,"none":null}',
      ),
    ).toEqual({ OTPNO: '123456', EVAL_CD: '01', CLASS_TME: '9' });
  });

  it('a broken JSON body yields the query fields only', () => {
    expect(parseRequestFields('/x?EVAL_CD=04', '{"OTPNO":"12')).toEqual({ EVAL_CD: '04' });
  });

  it('no body, or an array, yields the query fields only', () => {
    expect(parseRequestFields('/x?a=1', null)).toEqual({ a: '1' });
    expect(parseRequestFields('/x?a=1', '')).toEqual({ a: '1' });
    expect(parseRequestFields('/x', '[{"OTPNO":"1"}]')).toEqual({ '[{"OTPNO":"1"}]': '' });
  });

  it('feeds requestFacts end to end', () => {
    const facts = requestFacts(
      parseRequestFields(`${FDS}/validateOtp/chkOtpResult.jsp`, 'EVAL_CD=01&CLASS_TME=9&OTPNO=000111'),
    );
    expect(facts).toMatchObject({ kind: 'session', session: 9, carriesCode: true });
  });
});

describe('readDialogText', () => {
  it('reads the wordings of real integrations', () => {
    expect(readDialogText('인증번호가 일치하지 않습니다. 다시 입력 하세요.')).toBe('mismatch');
    expect(readDialogText('5회 오류가 발생하였습니다. mOTP인증이 잠겼습니다.')).toBe('locked');
    expect(readDialogText('OTP 장애가 발생했습니다. 잠시 후 다시 시도하세요')).toBe('serviceDown');
    expect(readDialogText('인증되었습니다.')).toBe('accepted');
    expect(readDialogText('입과시 mOTP 인증처리가 완료되었습니다. 한번 더 mOTP인증처리가 필요합니다.')).toBe(
      'acceptedAgain',
    );
  });

  it('checks locked first: a lock alert that also says “try again” is the lock', () => {
    expect(readDialogText('5회 오류로 잠겼습니다. 본인인증 후 다시 입력하세요.')).toBe('locked');
  });

  it('says nothing about texts it does not know', () => {
    expect(readDialogText('수강 신청이 완료되었습니다')).toBeNull();
    expect(readDialogText('')).toBeNull();
  });

  it('adds a profile’s own wordings', () => {
    expect(readDialogText('OTP 번호 오류입니다')).toBeNull();
    expect(readDialogText('OTP 번호 오류입니다', { mismatch: ['번호 오류'] })).toBe('mismatch');
    expect(readDialogText('통과', { accepted: ['통과'] })).toBe('accepted');
  });
});

describe("HRD's time stamp (UT, USRDT)", () => {
  it('reads yyyyMMddHHmmss as Korean time, and Unix ms or s', () => {
    expect(parseHrdTime('20261203143005')).toBe(Date.UTC(2026, 11, 3, 5, 30, 5));
    // Just after midnight in Korea is the previous day in UTC.
    expect(parseHrdTime('20270101000000')).toBe(Date.UTC(2026, 11, 31, 15, 0, 0));
    expect(parseHrdTime('1796306248544')).toBe(1796306248544);
    expect(parseHrdTime('1796306248')).toBe(1796306248000);
  });

  it('is null for what is not a time', () => {
    for (const stamp of [
      null,
      '',
      'now',
      '202612031430',
      '202612031430055',
      '20260231120000',
      '20261203250000',
      '20261203146000',
    ])
      expect(parseHrdTime(stamp)).toBeNull();
  });

  it("comes with the request's facts, from UT or USRDT", () => {
    expect(requestFacts({ UT: '20261203143005' }).hrdTime).toBe(Date.UTC(2026, 11, 3, 5, 30, 5));
    expect(requestFacts({ USRDT: '20261203143005' }).hrdTime).toBe(Date.UTC(2026, 11, 3, 5, 30, 5));
    expect(requestFacts({ OTPNO: '123456' }).hrdTime).toBeNull();
  });
});
