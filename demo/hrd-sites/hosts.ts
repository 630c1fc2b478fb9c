/**
 * The hosts of the HRD-integrated demo sites. They share the demo LMS's port (one port, several
 * loopback addresses), so an institute profile or a test names a site by its address alone.
 */

/** Loopback address of each site. */
export const HRD_SITE_HOSTS = {
  /** Stand-in for HRD Korea's mOTP service (fds.hrdkorea.or.kr and emonotp.hrdkorea.or.kr in one). */
  service: '127.0.0.3',
  /** 새솔 평생교육원: the checkpoint is a popup window (v1 API, HRD keypad). */
  popupLms: '127.0.0.4',
  /** 한길 원격평생교육원: the lesson player. */
  playerLms: '127.0.0.5',
  /** 한길 원격평생교육원's second host, serving the mOTP box the player frames (v2 API). */
  playerFrame: '127.0.0.6',
  /** 다온 직업전문학교: an in-page layer over the classroom, and an exam page (v2 API). */
  layerLms: '127.0.0.7',
  /**
   * 누리 원격교육원: another vendor's LMS that no extension profile names (the zero-configuration
   * "이 사이트에서 사용" case); its classroom page is the checkpoint (v2 API, fetch).
   */
  genericLms: '127.0.0.8',
  /** 미래 사내교육 포털: a sign-in page with a bank-style OTP field and no HRD mOTP at all. */
  plainSite: '127.0.0.9',
} as const;

export type HrdSiteName = keyof typeof HRD_SITE_HOSTS;

/** The origin (`http://host:port`, no trailing slash) of a site. */
export function siteOrigin(site: HrdSiteName, port: number): string {
  return `http://${HRD_SITE_HOSTS[site]}:${port}`;
}

/** Origins HRD's stand-in answers cross-origin requests for (the institutes' pages; not the plain site). */
export function instituteOrigins(port: number): readonly string[] {
  return (['popupLms', 'playerLms', 'playerFrame', 'layerLms', 'genericLms'] as const).map((site) =>
    siteOrigin(site, port),
  );
}

/** What each site calls itself; `AGENT_ID` is what its pages send to HRD as the institute's id. */
export const HRD_SITE_INFO = {
  service: { name: '한국산업인력공단 mOTP (데모)', agentId: '' },
  popupLms: { name: '새솔 평생교육원', agentId: 'SAESOL01' },
  playerLms: { name: '한길 원격평생교육원', agentId: 'HANGIL01' },
  playerFrame: { name: '한길 원격평생교육원 (인증 서버)', agentId: 'HANGIL01' },
  layerLms: { name: '다온 직업전문학교', agentId: 'DAON0001' },
  genericLms: { name: '누리 원격교육원', agentId: 'NURI0001' },
  plainSite: { name: '미래 사내교육 포털', agentId: '' },
} as const satisfies Record<HrdSiteName, { readonly name: string; readonly agentId: string }>;

/** The one trainee of these LMSes (no login): the manual's example person. */
export const HRD_SITE_TRAINEE = { name: '홍길동', phone: '010-1234-5678', tel: '01012345678' } as const;
