/// <reference lib="dom" />
/** The stand-in phone app: counts the code's seconds down and fetches the next code when it ends. */
import type { AppPageData } from '../page-data';
import { readPageData } from './dom';

const data = readPageData<AppPageData>();
const seconds = document.getElementById('motp-app-seconds');
const offsetMs = data.serverTimeMs - Date.now();

const tick = (): void => {
  const left = Math.ceil((data.expiresAtMs - (Date.now() + offsetMs)) / 1000);
  if (left <= 0) {
    location.reload();
    return;
  }
  if (seconds) seconds.textContent = String(left);
  setTimeout(tick, 1000);
};
tick();
