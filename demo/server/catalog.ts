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

/** Sessions whose lesson video stops midway for a check (trainee manual Q&A: 동영상 시청시 팝업). */
export const VIDEO_CHECK_SESSIONS: readonly number[] = [3, 11];

/** Default play time before the video check pops up; a page load may override it (`popupAfterMs`). */
export const DEFAULT_POPUP_AFTER_MS = 3000;

/**
 * The HRD-connected training institute served on the second loopback origin (127.0.0.2): its
 * checkpoints are HRD Korea's mOTP, whose seed only the trainee's phone app knows.
 */
export const HRD_INSTITUTE = {
  name: '한빛 직업훈련원',
  authority: '한국산업인력공단',
  supportPhone: '1833-3075',
  supportHours: '평일 09:00 ~ 18:00',
} as const;

/** 나의 강의실 on the HRD-connected site: one course. */
export const HRD_COURSES: readonly DemoCourse[] = [
  {
    id: 'h201',
    title: '전기기능사 실기',
    category: '전기·전자',
    instructor: '최전기',
    studyPeriod: '2025.03.03 ~ 2025.05.02',
    sessions: twoPartSessions([
      '전기 작업 안전수칙',
      '공구와 계측기 사용법',
      '전선 접속과 배관',
      '배선용 차단기와 누전차단기',
      '전동기 제어회로의 기초',
      '시퀀스 회로 읽기',
      '자기유지 회로',
      '타이머 회로',
      '정역 운전 회로',
      '실기 모의고사',
    ]),
  },
];

/** The HRD site's course with this id, if any. */
export function findHrdCourse(courseId: string): DemoCourse | undefined {
  return HRD_COURSES.find((course) => course.id === courseId);
}

/** The assessments a course has; each asks for a check before every attempt (시험/과제 응시 전). */
export const ASSESSMENT_KINDS = ['evaluation', 'exam', 'assignment'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

/** One multiple-choice question; nothing is graded in the demo. */
export interface AssessmentQuestion {
  readonly id: string;
  readonly text: string;
  readonly choices: readonly string[];
}

/** What an assessment shows once its check is passed. Plain data: rendered by server and page alike. */
export interface AssessmentContent {
  readonly kind: AssessmentKind;
  readonly title: string;
  readonly intro: string;
  readonly questions: readonly AssessmentQuestion[];
  /** Assignments take a file instead of answers. */
  readonly upload: boolean;
  readonly submitLabel: string;
}

/** The placeholder content of a course's assessment. */
export function assessmentContent(course: DemoCourse, kind: AssessmentKind): AssessmentContent {
  const topic = (index: number) => (course.sessions[index] ?? '').replace(/ \(\d\)$/, '');
  switch (kind) {
    case 'evaluation':
      return {
        kind,
        title: '진행단계 평가',
        intro: `${course.title} 1~8차시 학습 내용을 확인합니다. (3문항, 제한시간 없음)`,
        questions: [
          {
            id: 'q1',
            text: `다음 중 ‘${topic(0)}’ 차시에서 다룬 내용으로 가장 알맞은 것은?`,
            choices: ['기본 개념과 용어', '해외 사례만 소개', '다루지 않음', '실습 장비 구매 방법'],
          },
          {
            id: 'q2',
            text: `‘${topic(2)}’에서 가장 먼저 해야 할 일은?`,
            choices: ['현황 파악', '결과 보고', '예산 집행', '외부 홍보'],
          },
          {
            id: 'q3',
            text: '학습 중 본인인증이 다시 필요한 시점은?',
            choices: ['매 8회차 초과 시', '매 차시', '수료 후', '필요 없음'],
          },
        ],
        upload: false,
        submitLabel: '답안 제출',
      };
    case 'exam':
      return {
        kind,
        title: '최종 시험',
        intro: `${course.title} 전체 차시를 대상으로 합니다. (4문항, 60점 이상 수료)`,
        questions: [
          {
            id: 'q1',
            text: `‘${topic(4)}’의 목적으로 가장 알맞은 것은?`,
            choices: ['위험 요인의 제거와 관리', '생산량 확대', '비용 절감만', '해당 없음'],
          },
          {
            id: 'q2',
            text: `‘${topic(6)}’과 관련된 설명으로 옳지 않은 것은?`,
            choices: ['정기적으로 점검한다', '기록을 남긴다', '담당자를 정한다', '한 번만 하면 된다'],
          },
          {
            id: 'q3',
            text: `‘${topic(8)}’ 후 가장 먼저 할 일은?`,
            choices: ['원인 분석', '담당자 교체', '기록 삭제', '외부 공개'],
          },
          {
            id: 'q4',
            text: '원격훈련 시험 응시 전에 필요한 절차는?',
            choices: ['본인인증', '수강 취소', '비밀번호 변경', '없음'],
          },
        ],
        upload: false,
        submitLabel: '답안 제출',
      };
    case 'assignment':
      return {
        kind,
        title: '과제 제출',
        intro: `‘${topic(9)}’을 주제로 보고서(A4 2쪽 이내)를 작성하여 제출하세요. 파일은 HWP, DOCX, PDF만 가능합니다.`,
        questions: [],
        upload: true,
        submitLabel: '과제 제출',
      };
  }
}
