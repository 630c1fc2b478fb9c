/** The demo institute's fixed data: one trainee, a few courses. Nothing here is secret. */

/** The institute as shown in the header, key URIs and help texts. */
export const DEMO_INSTITUTE = {
  name: '데모 원격훈련원',
  supportPhone: '1833-3075',
  supportHours: '평일 09:00 ~ 18:00 (점심 12:00 ~ 13:00)',
  // .invalid (RFC 2606) so the demo can never send anyone mail.
  supportEmail: 'help@demo-lms.invalid',
} as const;

/** The one demo trainee; the name and number are the manual's example. */
export const DEMO_TRAINEE = {
  id: 'demo-trainee',
  name: '홍길동',
  phone: '010-1234-5678',
} as const;

/** A course in 나의 강의실. */
export interface DemoCourse {
  readonly id: string;
  readonly title: string;
  readonly category: string;
  readonly instructor: string;
  readonly studyPeriod: string;
  /** Session titles in order; session n is `sessions[n - 1]`. */
  readonly sessions: readonly string[];
}

/** Sessions per course: enough that the "every 8 sessions" checkpoints (9, 17) exist later. */
export const SESSIONS_PER_COURSE = 20;

/** Ten topics taught in two parts each make the 20 sessions. */
function twoPartSessions(topics: readonly string[]): readonly string[] {
  return topics.flatMap((topic) => [`${topic} (1)`, `${topic} (2)`]);
}

/** 나의 강의실 contents. */
export const DEMO_COURSES: readonly DemoCourse[] = [
  {
    id: 'c101',
    title: '산업안전관리 실무',
    category: '안전·보건',
    instructor: '김안전',
    studyPeriod: '2025.03.03 ~ 2025.04.01',
    sessions: twoPartSessions([
      '산업안전보건법의 이해',
      '위험성 평가의 절차',
      '기계·기구 안전관리',
      '전기 안전관리',
      '화학물질 안전관리',
      '작업환경 측정과 관리',
      '보호구의 선정과 관리',
      '안전보건교육 운영',
      '산업재해 조사와 대책',
      '중대재해처벌법의 이해',
    ]),
  },
  {
    id: 'c102',
    title: '직장 내 괴롭힘 예방과 소통',
    category: '직무 공통',
    instructor: '이소통',
    studyPeriod: '2025.03.03 ~ 2025.04.01',
    sessions: twoPartSessions([
      '직장 내 괴롭힘의 정의',
      '관련 법령과 판례',
      '괴롭힘 유형별 사례',
      '신고와 조사 절차',
      '피해자 보호 조치',
      '조직문화와 소통',
      '갈등 관리 기법',
      '비폭력 대화',
      '관리자의 역할',
      '예방 체계 만들기',
    ]),
  },
  {
    id: 'c103',
    title: '엑셀 데이터 분석 기초',
    category: '사무·IT',
    instructor: '박데이터',
    studyPeriod: '2025.03.10 ~ 2025.04.08',
    sessions: twoPartSessions([
      '엑셀 화면과 기본 조작',
      '데이터 입력과 서식',
      '수식과 셀 참조',
      '자주 쓰는 함수',
      '정렬과 필터',
      '조건부 서식',
      '피벗 테이블',
      '차트 만들기',
      '데이터 유효성 검사',
      '실무 보고서 작성',
    ]),
  },
];

/** The course with this id, if any. */
export function findCourse(courseId: string): DemoCourse | undefined {
  return DEMO_COURSES.find((course) => course.id === courseId);
}

/** The number written without hyphens, as the manual's checkpoint page shows it (01012345678). */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}
