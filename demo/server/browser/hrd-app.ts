/// <reference lib="dom" />
/** The HRD site's phone app page (`/hrd/app`): counts the seconds down and reloads for the next code. */
const seconds = document.getElementById('motp-app-seconds');
if (seconds) {
  let left = Number(seconds.textContent);
  const timer = setInterval(() => {
    left -= 1;
    if (left <= 0) {
      clearInterval(timer);
      location.reload();
      return;
    }
    seconds.textContent = String(left);
  }, 1000);
}
