/**
 * What the demo LMS hands its pages' scripts, as JSON in `<script type="application/json"
 * id="page-data">`. Declared once here so the server that writes it and the browser scripts that
 * read it agree at compile time. No DOM and no Node APIs: both sides import it.
 */
import type { AssessmentKind } from './catalog';

/** Every checkpoint box's script: the texts the server's messages own. */
export interface BoxPageData {
  /** Shown when the verify API cannot be reached or answers nonsense. */
  readonly unavailable: string;
  /** The success link's text (entry and daily checks). */
  readonly successLink: string;
}

/** The lesson player (`/courses/:id/learn`). */
export interface PlayerPageData extends BoxPageData {
  readonly courseId: string;
  readonly courseTitle: string;
  readonly sessionCount: number;
  /** The session rendered by the server. */
  readonly session: number;
  /** `/courses/:id/learn`, to which `?session=n` is appended. */
  readonly learnPath: string;
  readonly videoCheckSessions: readonly number[];
  readonly popupAfterMs: number;
  readonly attemptsLeft: number;
  readonly locked: boolean;
  /** Appended to `n차시 제목` for document.title. */
  readonly titleSuffix: string;
}

/** The assessment pages (`/courses/:id/{evaluation,exam,assignment}`). */
export interface AssessmentPageData extends BoxPageData {
  readonly courseId: string;
  readonly kind: AssessmentKind;
}
