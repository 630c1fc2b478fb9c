/// <reference lib="dom" />
/**
 * HRD's loader script (`/fdsService/hrdAPI/hrdFrameLoader.js`) as the stand-in serves it: it
 * defines the global `hrdFrame`. The server replaces `__HRD_LOADER_CONFIG__` with this response's
 * configuration (HRD's origin and clock), as HRD's own script carries its server time.
 */
import type { LoaderConfig } from '../page-data';
import type { HrdFrame } from './hrd-frame-api';

declare const __HRD_LOADER_CONFIG__: LoaderConfig;

const config: LoaderConfig = __HRD_LOADER_CONFIG__;
/** HRD's clock minus this browser's, captured when the script arrived. */
const clockOffsetMs = config.serverTimeMs - Date.now();
const KST_OFFSET_MS = 9 * 60 * 60 * 1000;
const MAX_DIGITS = 6;
const KEYPAD_ID = 'hrdKeyPad';
const FRAME_PATH = '/fdsService/hrdFrame.jsp';

function loadHrdFrame(): void {
  const host = document.getElementById('hrdOtpFrame');
  if (!host || host.querySelector('iframe')) return;
  const frame = document.createElement('iframe');
  frame.src = `${config.serviceOrigin}${FRAME_PATH}`;
  frame.title = '한국산업인력공단 mOTP';
  frame.width = '100%';
  frame.height = '64';
  frame.style.border = '0';
  host.append(frame);
}

let otpLoaded: Promise<void> | null = null;

function loadOTP(callback?: () => void): Promise<void> {
  loadHrdFrame();
  otpLoaded ??= new Promise((resolve) => setTimeout(resolve, config.loadOtpDelayMs));
  return otpLoaded.then(() => callback?.());
}

function hideKeyPad(): void {
  document.getElementById(KEYPAD_ID)?.remove();
}

function keyButton(label: string, key: string): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'hrd-key';
  button.dataset.key = key;
  button.textContent = label;
  Object.assign(button.style, {
    minWidth: '48px',
    height: '40px',
    margin: '2px',
    font: 'inherit',
    border: '1px solid #9aa5b1',
    borderRadius: '4px',
    background: '#fff',
    cursor: 'pointer',
  });
  return button;
}

/** Writes one key into the input as a typing trainee would, and tells the page (`input`). */
function pressKey(input: HTMLInputElement, key: string): void {
  if (key === 'close') {
    hideKeyPad();
    return;
  }
  if (key === 'clear') input.value = input.value.slice(0, -1);
  else if (input.value.length < MAX_DIGITS) input.value += key;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function loadKeyPad(input: HTMLInputElement): void {
  hideKeyPad();
  const pad = document.createElement('div');
  pad.id = KEYPAD_ID;
  pad.className = 'hrd-keypad';
  pad.setAttribute('role', 'group');
  pad.setAttribute('aria-label', 'mOTP 가상 키패드');
  const rect = input.getBoundingClientRect();
  Object.assign(pad.style, {
    position: 'absolute',
    top: `${rect.bottom + window.scrollY + 4}px`,
    left: `${rect.left + window.scrollX}px`,
    zIndex: '10000',
    width: '168px',
    padding: '6px',
    background: '#eef1f5',
    border: '1px solid #56657a',
    borderRadius: '6px',
    boxShadow: '0 4px 12px rgba(0,0,0,.25)',
  });
  const keys: readonly (readonly [string, string])[] = [
    ...['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((digit) => [digit, digit] as const),
    ['지움', 'clear'],
    ['0', '0'],
    ['닫기', 'close'],
  ];
  for (const [label, key] of keys) {
    const button = keyButton(label, key);
    button.addEventListener('click', () => pressKey(input, key));
    pad.append(button);
  }
  document.body.append(pad);
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function getUT(): string {
  const kst = new Date(Date.now() + clockOffsetMs + KST_OFFSET_MS);
  return [
    String(kst.getUTCFullYear()),
    pad2(kst.getUTCMonth() + 1),
    pad2(kst.getUTCDate()),
    pad2(kst.getUTCHours()),
    pad2(kst.getUTCMinutes()),
    pad2(kst.getUTCSeconds()),
  ].join('');
}

const hrdFrame: HrdFrame = { loadHrdFrame, loadOTP, loadKeyPad, hideKeyPad, getUT };
Object.assign(window, { hrdFrame });
