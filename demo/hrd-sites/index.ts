/**
 * The HRD-integrated demo sites: a stand-in for HRD Korea's mOTP service and three institute
 * LMSes wired to it the way real integrations are (a popup with the v1 API, a player framing a
 * box from another host, an in-page layer and an exam page with the v2 API), a fourth by another
 * vendor that no extension profile names, and a plain site with no HRD integration. They listen
 * on 127.0.0.3–127.0.0.9 at the demo LMS's port. Everything lives in memory.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { closeServer, listen } from '../shared/listen';
import { browserBundles } from './bundle';
import { HRD_SITE_HOSTS, HRD_SITE_INFO, HRD_SITE_TRAINEE, type HrdSiteName, siteOrigin } from './hosts';
import { createGenericSite } from './institutes/generic-site';
import { createLayerSite, LAYER_LMS_COURSE } from './institutes/layer-site';
import { createPassBook } from './institutes/passes';
import { createPlayerFrameSite, createPlayerSite, PLAYER_LMS_COURSE } from './institutes/player-site';
import { createPopupSite, POPUP_LMS_COURSE } from './institutes/popup-site';
import {
  classroomPath,
  GENERIC_LMS_CHECKPOINT_PATH,
  GENERIC_LMS_PATHS,
  PLAIN_SITE_PATHS,
  playerPath,
  popupCoursePath,
  SERVICE_PATHS,
} from './paths';
import { createPlainSite } from './plain-site';
import { createServiceSite, type ServiceLogEntry } from './service/service-site';
import type { Site, SiteEnv } from './site';

export { HRD_SITE_HOSTS, HRD_SITE_INFO, HRD_SITE_TRAINEE } from './hosts';
export { GENERIC_LMS_COURSE } from './institutes/generic-site';
export { LAYER_ENTRY_PASSES, LAYER_LMS_COURSE } from './institutes/layer-site';
export { PLAYER_CHECK_SESSIONS, PLAYER_LMS_COURSE } from './institutes/player-site';
export { POPUP_LMS_COURSE } from './institutes/popup-site';
export {
  classroomPath,
  examPath,
  GENERIC_LMS_CHECKPOINT_PATH,
  GENERIC_LMS_PATHS,
  genericClassroomPath,
  genericLessonPath,
  INSTITUTE_PATHS,
  LAYER_LMS_PATHS,
  PLAIN_SITE_PATHS,
  PLAYER_LMS_PATHS,
  POPUP_LMS_PATHS,
  playerPath,
  popupCoursePath,
  popupPath,
  SERVICE_PATHS,
} from './paths';
export { LOAD_OTP_DELAY_MS, type ServiceLogEntry } from './service/service-site';

export interface HrdSitesOptions {
  /** The demo LMS's port; every site listens on it at its own address. */
  readonly port: number;
  readonly now: () => number;
  /** Serves the stand-in's `/test/*` controls and keeps its request log. */
  readonly testControls: boolean;
  /** Operational log lines; never a code. */
  readonly log: (line: string) => void;
}

/** The sites' origins (no trailing slash) and the stand-in's state, for tests and the CLI. */
export interface HrdSitesInfo {
  /** HRD's stand-in (127.0.0.3). */
  readonly service: string;
  /** 새솔 평생교육원 (127.0.0.4): popup, v1. */
  readonly popupLms: string;
  /** 한길 원격평생교육원's player (127.0.0.5). */
  readonly playerLms: string;
  /** 한길 원격평생교육원's box host (127.0.0.6), framed by the player. */
  readonly playerFrame: string;
  /** 다온 직업전문학교 (127.0.0.7): layer and exam, v2. */
  readonly layerLms: string;
  /** 누리 원격교육원 (127.0.0.8): another vendor, no profile names it; the classroom is the checkpoint, v2. */
  readonly genericLms: string;
  /** 미래 사내교육 포털 (127.0.0.9): no HRD integration (a sign-in page with its own OTP field). */
  readonly plainSite: string;
  /** The stand-in phone app's code now (default: the demo trainee's phone); registers a new phone. */
  currentCode(phone?: string): string;
  /** The stand-in's consecutive-error count for a phone (default: the demo trainee's), as ErrCnt says. */
  errorCount(phone?: string): number;
  /** Tests: every request the stand-in received, codes masked. Throws without test controls. */
  log(): readonly ServiceLogEntry[];
  /** Tests: forgets the request log. */
  clearLog(): void;
  /** Tests: HRD's outage switch. */
  setOutage(down: boolean): void;
  /** Tests: error counts, log, outage and the LMSes' remembered passes back to the start. */
  reset(): void;
}

export interface HrdSites extends HrdSitesInfo {
  close(): Promise<void>;
}

export async function startHrdSites(options: HrdSitesOptions): Promise<HrdSites> {
  const [bundles, stylesheet] = await Promise.all([
    browserBundles(),
    readFile(new URL('./static/sites.css', import.meta.url), 'utf8'),
  ]);
  const env: SiteEnv = { ...options, bundles, stylesheet };
  const service = createServiceSite(env);
  const popupPasses = createPassBook();
  const playerPasses = createPassBook();
  const layerPasses = createPassBook();
  const genericPasses = createPassBook();
  const sites: readonly Site[] = [
    service.site,
    createPopupSite(env, popupPasses),
    createPlayerSite(env, playerPasses),
    createPlayerFrameSite(env, playerPasses),
    createLayerSite(env, layerPasses),
    createGenericSite(env, genericPasses),
    createPlainSite(env),
  ];
  const servers: Server[] = [];
  const closeAll = (): Promise<void> => Promise.all(servers.map(closeServer)).then(() => undefined);
  try {
    for (const site of sites) {
      const server = createServer(site.listener);
      await listenAt(server, options.port, HRD_SITE_HOSTS[site.name]);
      servers.push(server);
    }
  } catch (error) {
    await closeAll();
    throw error;
  }

  const testOnly = (what: string): void => {
    if (!options.testControls) throw new Error(`hrd demo sites: ${what} needs testControls`);
  };
  const origin = (name: HrdSiteName): string => siteOrigin(name, options.port);
  return {
    service: origin('service'),
    popupLms: origin('popupLms'),
    playerLms: origin('playerLms'),
    playerFrame: origin('playerFrame'),
    layerLms: origin('layerLms'),
    genericLms: origin('genericLms'),
    plainSite: origin('plainSite'),
    currentCode: (phone = HRD_SITE_TRAINEE.tel) => service.controls.registry.currentCode(phone).code,
    errorCount: (phone = HRD_SITE_TRAINEE.tel) => {
      const status = service.controls.registry.status(phone);
      return status.registered ? status.errors : 0;
    },
    log() {
      testOnly('log()');
      return service.controls.log();
    },
    clearLog() {
      testOnly('clearLog()');
      service.controls.clearLog();
    },
    setOutage(down) {
      testOnly('setOutage()');
      service.controls.setDown(down);
    },
    reset() {
      testOnly('reset()');
      service.controls.reset();
      for (const passes of [popupPasses, playerPasses, layerPasses, genericPasses]) passes.clear();
    },
    close: closeAll,
  };
}

/** Listens at one site's address; the error says which addresses the sites need. */
async function listenAt(server: Server, port: number, host: string): Promise<void> {
  try {
    await listen(server, port, host);
  } catch (cause) {
    const error = cause as NodeJS.ErrnoException;
    throw new Error(
      `hrd demo sites: cannot listen on ${host}:${port} (${error.code ?? error.message}); the HRD sites need 127.0.0.3-127.0.0.9 free at the demo's port`,
      { cause },
    );
  }
}

/** What `npm run demo` and the CLI print: each site's Korean name and where to start. */
export function hrdSiteEntryPoints(
  sites: HrdSitesInfo,
): readonly { readonly name: string; readonly url: string; readonly note: string }[] {
  return [
    {
      name: HRD_SITE_INFO.service.name,
      url: `${sites.service}${SERVICE_PATHS.app}?tel=${HRD_SITE_TRAINEE.tel}`,
      note: 'mOTP 앱 화면',
    },
    {
      name: HRD_SITE_INFO.popupLms.name,
      url: `${sites.popupLms}${popupCoursePath(POPUP_LMS_COURSE.id)}`,
      note: '팝업 · v1 · 키패드',
    },
    {
      name: HRD_SITE_INFO.playerLms.name,
      url: `${sites.playerLms}${playerPath(PLAYER_LMS_COURSE.id, 1)}`,
      note: '플레이어 안 iframe · v2 (1, 9, 17차시)',
    },
    {
      name: HRD_SITE_INFO.layerLms.name,
      url: `${sites.layerLms}${classroomPath(LAYER_LMS_COURSE.id)}`,
      note: '레이어 · v2 · 입과 2회 (시험: /lms/exam?courseId=c401)',
    },
    {
      name: HRD_SITE_INFO.genericLms.name,
      url: `${sites.genericLms}${GENERIC_LMS_CHECKPOINT_PATH}`,
      note: `프로필 없음 · 툴바의 "이 사이트에서 사용" · v2 · 3차시 · 6차시: 한 칸에 한 자리 (과정안내: ${GENERIC_LMS_PATHS.home})`,
    },
    {
      name: HRD_SITE_INFO.plainSite.name,
      url: `${sites.plainSite}${PLAIN_SITE_PATHS.home}`,
      note: 'HRD mOTP 연계 없음 (일반 OTP 로그인) · 거절 확인용',
    },
  ];
}
