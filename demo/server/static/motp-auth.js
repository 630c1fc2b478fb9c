/*
 * 한국산업인력공단 mOTP 인증 (demo of HRD's page script): the 인증하기 anchor sends the typed mOTP
 * number to the mOTP service and writes its answer into #motpMsg. Served as a file, as HRD's
 * script is, and loaded under the page's CSP nonce.
 */
(() => {
  const VERIFY_URL = '/hrd/api/motp/verify';
  const UNAVAILABLE = '일시적인 오류가 발생했습니다. 잠시 후 다시 시도하세요.';
  const button = document.getElementById('btnMotpAuth');
  const input = document.getElementById('motpNo');
  const message = document.getElementById('motpMsg');
  const course = document.getElementById('motpCourseId');
  const next = document.getElementById('motpNext');
  if (!button || !input || !message || !course) return;

  let busy = false;
  let done = false;

  const show = (outcome, text) => {
    message.textContent = text;
    message.setAttribute('data-outcome', outcome);
  };

  const submit = async () => {
    if (busy || done) return;
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    try {
      const response = await fetch(VERIFY_URL, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ courseId: course.value, motpNo: input.value }),
      });
      const answer = await response.json().catch(() => null);
      if (!answer || typeof answer.message !== 'string' || typeof answer.outcome !== 'string') {
        throw new Error('bad answer');
      }
      show(answer.outcome, answer.message);
      if (answer.outcome === 'success') {
        done = true;
        input.disabled = true;
        if (next) next.hidden = false;
      } else {
        input.select();
      }
    } catch {
      show('error', UNAVAILABLE);
    } finally {
      busy = false;
      if (!done) button.removeAttribute('aria-disabled');
    }
  };

  button.addEventListener('click', (event) => {
    event.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      submit();
    }
  });
})();
