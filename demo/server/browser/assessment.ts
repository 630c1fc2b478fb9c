/// <reference lib="dom" />
/**
 * The assessment pages' script: binds the box and, after a success, fetches this visit's content
 * and builds `<section class="assessment">` below the box (the same markup the server renders
 * after a no-JavaScript submit).
 */
import { readPageData } from '../../shared/browser/page-data';
import type { AssessmentContent } from '../catalog';
import type { AssessmentPageData } from '../page-data';
import { assessmentApiPath } from '../routes';
import { bindOtpBox } from './otp-box';

const LOAD_ERROR = '응시 화면을 불러오지 못했습니다. 페이지를 새로 고친 후 다시 시도하세요.';
const SUBMITTED = '[데모] 제출되었습니다. 데모에서는 답안과 파일이 저장되지 않습니다.';

const data = readPageData<AssessmentPageData>();
const box = document.getElementById('assessment-check');
if (box) startAssessment(box);

function startAssessment(box: HTMLElement): void {
  const bindAssessment = (section: Element): void => {
    const form = section.querySelector('#assessment-form');
    const status = section.querySelector('#assessment-status');
    const submit = section.querySelector('.assessment-submit');
    if (!form || !status || !(submit instanceof HTMLButtonElement)) return;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit.disabled = true;
      status.textContent = SUBMITTED;
    });
  };

  const reveal = async (): Promise<void> => {
    if (document.querySelector('section.assessment')) return;
    const visit = box.querySelector('input[name="visit"]');
    let section: HTMLElement;
    try {
      const token = visit instanceof HTMLInputElement ? visit.value : '';
      const response = await fetch(
        `${assessmentApiPath(data.courseId, data.kind)}?visit=${encodeURIComponent(token)}`,
        {
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
        },
      );
      const content: unknown = await response.json().catch(() => null);
      if (!response.ok || !isContent(content)) throw new Error('bad answer');
      section = build(content);
    } catch {
      section = element('p', 'alert alert-error', LOAD_ERROR);
      section.setAttribute('role', 'alert');
    }
    box.after(section);
    const title = section.querySelector('.assessment-title');
    if (title instanceof HTMLElement) title.focus();
    bindAssessment(section);
  };

  bindOtpBox(box, data, {
    successLink: false,
    onAnswer: (answer) => {
      if (answer.outcome === 'success') void reveal();
    },
  });
  const existing = document.querySelector('section.assessment');
  if (existing) bindAssessment(existing);
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function build(content: AssessmentContent): HTMLElement {
  const section = element('section', 'assessment card');
  section.setAttribute('data-kind', content.kind);
  section.setAttribute('aria-labelledby', 'assessment-title');
  const title = element('h2', 'assessment-title', content.title);
  title.id = 'assessment-title';
  title.tabIndex = -1;
  const form = element('form', 'assessment-form');
  form.id = 'assessment-form';
  form.noValidate = true;
  if (content.questions.length > 0) {
    const list = element('ol', 'questions');
    for (const question of content.questions) {
      const item = element('li', 'question');
      const fieldset = element('fieldset');
      fieldset.append(element('legend', '', question.text));
      question.choices.forEach((choice, index) => {
        const label = element('label', 'choice');
        const radio = element('input');
        radio.type = 'radio';
        radio.name = question.id;
        radio.value = String(index + 1);
        label.append(radio, ` ${choice}`);
        fieldset.append(label);
      });
      item.append(fieldset);
      list.append(item);
    }
    form.append(list);
  }
  if (content.upload) {
    const fileField = element('div', 'field');
    const fileLabel = element('label', '', '과제 파일');
    fileLabel.htmlFor = 'assignment-file';
    const file = element('input');
    file.id = 'assignment-file';
    file.name = 'file';
    file.type = 'file';
    file.accept = '.hwp,.docx,.pdf';
    fileField.append(fileLabel, file);
    const noteField = element('div', 'field');
    const noteLabel = element('label', '', '메모');
    noteLabel.htmlFor = 'assignment-note';
    const note = element('textarea');
    note.id = 'assignment-note';
    note.name = 'note';
    note.rows = 3;
    noteField.append(noteLabel, note);
    form.append(fileField, noteField);
  }
  const submit = element('button', 'button button-primary assessment-submit', content.submitLabel);
  submit.type = 'submit';
  const status = element('p', 'assessment-status');
  status.id = 'assessment-status';
  status.setAttribute('role', 'status');
  form.append(submit, status);
  section.append(title, element('p', 'assessment-intro', content.intro), form);
  return section;
}

/** The content API's answer, as far as `build` reads it; the server is trusted for the rest. */
function isContent(value: unknown): value is AssessmentContent {
  return (
    typeof value === 'object' && value !== null && Array.isArray((value as { questions?: unknown }).questions)
  );
}
