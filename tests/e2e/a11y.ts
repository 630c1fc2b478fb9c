import axe from 'axe-core';
import type { Frame, Page } from 'puppeteer-core';
import { delay } from './harness';

/** The WCAG 2.1 A and AA rules: what the issue asks the overlay, popup and options to pass. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly helpUrl: string;
  readonly nodes: readonly { readonly target: string; readonly html: string; readonly summary: string }[];
}

/**
 * Runs axe-core in a page or frame (injected by evaluation, which the extension pages' CSP does
 * not block for the driver) and returns its violations in a compact, printable form.
 */
export async function axeViolations(target: Page | Frame): Promise<AxeViolation[]> {
  const loaded = await target.evaluate(() => 'axe' in window);
  if (!loaded) await target.evaluate(axe.source);
  return target.evaluate(async (tags) => {
    const engine = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const results = await engine.run(document, {
      runOnly: { type: 'tag', values: [...tags] },
      resultTypes: ['violations'],
    });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({
        target: node.target.map(String).join(' '),
        html: node.html.slice(0, 200),
        summary: node.failureSummary ?? '',
      })),
    }));
  }, WCAG_TAGS);
}

export function formatViolations(where: string, violations: readonly AxeViolation[]): string {
  if (violations.length === 0) return `${where}: no violations`;
  const lines = [`${where}: ${violations.length} axe violation(s)`];
  for (const violation of violations) {
    lines.push(`  [${violation.impact ?? '?'}] ${violation.id}: ${violation.help} (${violation.helpUrl})`);
    for (const node of violation.nodes) {
      lines.push(`    at ${node.target}`, `       ${node.html}`);
      for (const line of node.summary.split('\n')) lines.push(`       ${line}`);
    }
  }
  return lines.join('\n');
}

/**
 * Collects the violations of each named state; the test asserts the total at the end, so one
 * run reports every state's problems instead of stopping at the first.
 */
export class AxeReport {
  readonly #found: string[] = [];
  async check(where: string, target: Page | Frame): Promise<void> {
    const violations = await axeViolations(target);
    if (violations.length > 0) {
      const text = formatViolations(where, violations);
      console.log(text);
      this.#found.push(text);
    }
  }
  get problems(): readonly string[] {
    return this.#found;
  }
}

/**
 * Presses Tab (only the keyboard moves focus) until the focused element in `scope` matches
 * `selector`. Fails when it is not reached within `maxPresses`: that is a keyboard trap or an
 * unreachable control.
 */
export async function tabTo(
  page: Page,
  scope: Page | Frame,
  selector: string,
  { maxPresses = 25, shift = false }: { maxPresses?: number; shift?: boolean } = {},
): Promise<number> {
  for (let presses = 0; presses <= maxPresses; presses++) {
    const focused = await scope
      .evaluate((sel) => document.hasFocus() && document.activeElement?.matches(sel) === true, selector)
      .catch(() => false);
    if (focused) return presses;
    if (shift) await page.keyboard.down('Shift');
    await page.keyboard.press('Tab');
    if (shift) await page.keyboard.up('Shift');
    await delay(30);
  }
  const where = await focusedElement(scope).catch(() => '?');
  throw new Error(`Tab did not reach ${selector} in ${maxPresses} presses (focus is on ${where})`);
}

/** Describes the focused element of `scope`, for assertions and failure messages. */
export function focusedElement(scope: Page | Frame): Promise<string> {
  return scope.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    const id = element.id ? `#${element.id}` : '';
    const testId = element.getAttribute('data-testid');
    return `${element.tagName.toLowerCase()}${id}${testId ? `[data-testid=${testId}]` : ''}`;
  });
}
