import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { particleAfter, withParticle } from '@/lib/i18n/particles';
import { fillTemplate, translate } from '@/lib/i18n/translate';

describe('particleAfter', () => {
  it('chooses 로 after a vowel or ㄹ and 으로 after any other final consonant', () => {
    expect(withParticle('한빛 직업훈련원', '로')).toBe('한빛 직업훈련원으로');
    expect(withParticle('데모', '로')).toBe('데모로');
    expect(withParticle('서울', '로')).toBe('서울로');
    expect(withParticle('부산', '으로')).toBe('부산으로');
    expect(withParticle('학교', '으로')).toBe('학교로');
  });

  it('counts ㄹ as a final consonant for every particle but 로', () => {
    expect(withParticle('서울', '을')).toBe('서울을');
    expect(withParticle('서울', '가')).toBe('서울이');
    expect(withParticle('서울', '는')).toBe('서울은');
    expect(withParticle('서울', '와')).toBe('서울과');
  });

  it('chooses 을/를, 이/가, 은/는, 과/와 by the final consonant', () => {
    expect(withParticle('과정', '를')).toBe('과정을');
    expect(withParticle('사이트', '을')).toBe('사이트를');
    expect(withParticle('훈련원', '가')).toBe('훈련원이');
    expect(withParticle('아이피', '이')).toBe('아이피가');
    expect(withParticle('기관', '는')).toBe('기관은');
    expect(withParticle('데모', '은')).toBe('데모는');
    expect(withParticle('학원', '와')).toBe('학원과');
    expect(withParticle('센터', '과')).toBe('센터와');
  });

  it('reads digits in Sino-Korean, numbers ending in zeros by their last place', () => {
    // 일 (ㄹ), 이, 삼 (ㅁ), 사, 육 (ㄱ), 칠 (ㄹ), 팔 (ㄹ), 구
    expect(['1', '2', '3', '4', '6', '7', '8', '9'].map((n) => withParticle(n, '로'))).toEqual([
      '1로',
      '2로',
      '3으로',
      '4로',
      '6으로',
      '7로',
      '8로',
      '9로',
    ]);
    expect(withParticle('101', '을')).toBe('101을'); // 백일
    expect(withParticle('5', '을')).toBe('5를'); // 오
    expect(withParticle('0', '가')).toBe('0이'); // 영
    expect(withParticle('10', '로')).toBe('10으로'); // 십
    expect(withParticle('200', '을')).toBe('200을'); // 이백
    expect(withParticle('3000', '은')).toBe('3000은'); // 삼천
    expect(withParticle('10000', '로')).toBe('10000으로'); // 만
    expect(withParticle('과정 2', '는')).toBe('과정 2는');
  });

  it('reads an acronym by its last letter and a Latin word by its sound', () => {
    expect(withParticle('LMS', '로')).toBe('LMS로'); // 에스
    expect(withParticle('HRD', '를')).toBe('HRD를'); // 디
    expect(withParticle('URL', '을')).toBe('URL을'); // 엘
    expect(withParticle('URL', '로')).toBe('URL로');
    expect(withParticle('Zoom', '로')).toBe('Zoom으로'); // 줌
    expect(withParticle('Kakao', '를')).toBe('Kakao를'); // 카카오
    expect(withParticle('Google', '을')).toBe('Google을'); // 구글
  });

  it('reads past closing marks, and writes both forms when the reading is unknown', () => {
    expect(withParticle('한빛 (데모)', '로')).toBe('한빛 (데모)로');
    expect(withParticle('「한빛 훈련원」', '을')).toBe('「한빛 훈련원」을');
    expect(particleAfter('', '로')).toBe('(으)로');
    expect(particleAfter('★', '을')).toBe('을(를)');
    expect(particleAfter('한빛', '에서')).toBe('에서');
  });
});

describe('a message with a particle placeholder', () => {
  it('writes the form the substituted name takes, and plain placeholders as before', () => {
    expect(fillTemplate('{site|로} 돌아가기', { site: '한빛 직업훈련원' })).toBe(
      '한빛 직업훈련원으로 돌아가기',
    );
    expect(fillTemplate('{site|으로} 돌아가기', { site: '데모' })).toBe('데모로 돌아가기');
    expect(fillTemplate('{name|을} 가져왔습니다: {count}건', { name: 'LMS', count: 2 })).toBe(
      'LMS를 가져왔습니다: 2건',
    );
    expect(fillTemplate('{missing|로} {n}', { n: 1 })).toBe('{missing|로} 1');
    expect(translate('ko', 'historyDeleted', { count: 3 })).toBe('기록 3건을 삭제했습니다.');
  });
});

describe("the demo's pages", () => {
  it('write no fixed particle after a name they substitute (withParticle chooses it)', () => {
    const root = join(import.meta.dirname, '..', '..', 'demo');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));
    const fixed = files.flatMap((file) =>
      [
        ...readFileSync(join(root, file), 'utf8').matchAll(
          /\$\{[^}]+\}(으로|로|을|를|이|가|은|는|과|와)(?=$|[^가-힣]|서|써|부터|의|도|만|나|라)/gu,
        ),
      ].map((match) => `${file}: ${match[0]}`),
    );
    expect(files.length).toBeGreaterThan(10);
    expect(fixed).toEqual([]);
  });
});
