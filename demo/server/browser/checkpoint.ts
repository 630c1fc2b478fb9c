/// <reference lib="dom" />
/** The first-entry and first-login-of-the-day checkpoint pages' script. */
import { readPageData } from '../../shared/browser/page-data';
import type { BoxPageData } from '../page-data';
import { bindOtpBox } from './otp-box';

const box = document.querySelector('.otp-box');
if (box) bindOtpBox(box, readPageData<BoxPageData>(), { successLink: true });
