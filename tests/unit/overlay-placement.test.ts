import { describe, expect, it } from 'vitest';
import { choiceFor, MAX_REMEMBERED_SITES, rememberChoice } from '@/lib/overlay/choices';
import {
  BAR_HEIGHT,
  type Box,
  DEFAULT_CHOICE,
  HANDLE_WIDTH,
  placeOverlay,
  viewFor,
} from '@/lib/overlay/placement';

const LAPTOP = { width: 1280, height: 800 };
const SMALL = { width: 1024, height: 768 };

function overlap(a: Box, b: Box): number {
  const width = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const height = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  return width > 0 && height > 0 ? width * height : 0;
}

const inside = (box: Box, viewport: { width: number; height: number }) =>
  box.left >= 0 &&
  box.top >= 0 &&
  box.left + box.width <= viewport.width &&
  box.top + box.height <= viewport.height;

describe('placeOverlay', () => {
  it('takes the right side when the form is on the left, with the full panel', () => {
    const form = { left: 40, top: 200, width: 400, height: 120 };
    const placed = placeOverlay(LAPTOP, [form], DEFAULT_CHOICE);
    expect(placed).toMatchObject({ layout: 'panel', width: 440, left: 1280 - 16 - 440, top: 16 });
    expect(overlap(placed, form)).toBe(0);
  });

  it('goes to the left when the form is on the right, whatever side the trainee prefers', () => {
    const form = { left: 800, top: 300, width: 400, height: 100 };
    const placed = placeOverlay(LAPTOP, [form], DEFAULT_CHOICE);
    expect(placed).toMatchObject({ layout: 'panel', left: 16 });
    expect(overlap(placed, form)).toBe(0);
  });

  it('narrows the panel to the room beside a centred form, keeping the form clear by a margin', () => {
    // A 500 px box centred on a 1280 px page leaves 390 px each side.
    const form = { left: 390, top: 250, width: 500, height: 200 };
    const placed = placeOverlay(LAPTOP, [form], DEFAULT_CHOICE);
    expect(placed.layout).toBe('panel');
    expect(placed.width).toBeLessThan(440);
    expect(placed.width).toBeGreaterThanOrEqual(320);
    expect(placed.left).toBeGreaterThanOrEqual(form.left + form.width + 8);
  });

  it('becomes a bar docked where it covers nothing when no side has room (1024×768, centred form)', () => {
    const form = { left: 262, top: 200, width: 500, height: 300 };
    const frame = { left: 262, top: 520, width: 500, height: 40 };
    const placed = placeOverlay(SMALL, [form, frame], DEFAULT_CHOICE);
    expect(placed.layout).toBe('bar');
    expect(placed.height).toBe(BAR_HEIGHT);
    expect(overlap(placed, form) + overlap(placed, frame)).toBe(0);
    expect(inside(placed, SMALL)).toBe(true);
  });

  it('docks the bar at the bottom when the form is at the top, and at the top when it is at the bottom', () => {
    const wide = (top: number) => ({ left: 0, top, width: 1024, height: 100 });
    expect(placeOverlay(SMALL, [wide(0)], { layout: 'bar', side: 'right' }).top).toBe(768 - 16 - BAR_HEIGHT);
    expect(placeOverlay(SMALL, [wide(668)], { layout: 'bar', side: 'right' }).top).toBe(16);
  });

  it('ignores what is scrolled out of view', () => {
    const above = { left: 700, top: -900, width: 500, height: 300 };
    expect(placeOverlay(LAPTOP, [above], DEFAULT_CHOICE)).toMatchObject({ layout: 'panel', width: 440 });
  });

  it('a bar the trainee chose stays a bar, on their side, even with room for the panel', () => {
    const placed = placeOverlay(LAPTOP, [], { layout: 'bar', side: 'left' });
    expect(placed).toMatchObject({ layout: 'bar', left: 16 });
  });

  it('expanded: the panel even where it must cover, placed where it covers least', () => {
    const form = { left: 100, top: 100, width: 1080, height: 200 };
    const placed = placeOverlay(SMALL, [form], { layout: 'expanded', side: 'right' });
    expect(placed.layout).toBe('panel');
    expect(placed.height).toBe(680);
    expect(inside(placed, SMALL)).toBe(true);
  });

  it('the handle is small and keeps the page clear where it can', () => {
    const form = { left: 600, top: 0, width: 424, height: 100 };
    const placed = placeOverlay(SMALL, [form], { layout: 'handle', side: 'right' });
    expect(placed).toMatchObject({ layout: 'handle', width: HANDLE_WIDTH });
    expect(overlap(placed, form)).toBe(0);
  });

  it('never leaves a tiny viewport', () => {
    const tiny = { width: 300, height: 200 };
    const placed = placeOverlay(tiny, [], DEFAULT_CHOICE);
    expect(placed.layout).toBe('bar');
    expect(inside(placed, tiny)).toBe(true);
  });
});

describe('viewFor: the overlay page reads its view from its frame', () => {
  it('reads back every layout placeOverlay makes', () => {
    for (const choice of [
      DEFAULT_CHOICE,
      { layout: 'bar', side: 'left' },
      { layout: 'handle', side: 'right' },
    ] as const) {
      const placed = placeOverlay(LAPTOP, [], choice);
      expect(viewFor(placed)).toBe(placed.layout);
    }
    const squeezed = placeOverlay(SMALL, [{ left: 0, top: 100, width: 1024, height: 500 }], DEFAULT_CHOICE);
    expect(viewFor(squeezed)).toBe('bar');
  });
});

describe('remembered choices per site', () => {
  const SITE = 'https://lms.example.kr';
  it('reads nothing stored, or anything corrupt, as the panel on the right', () => {
    for (const stored of [
      undefined,
      null,
      'x',
      [['https://a', { layout: 'huge', side: 'up' }]],
      [[1, 2]],
      {},
    ])
      expect(choiceFor(stored, SITE)).toEqual(DEFAULT_CHOICE);
  });

  it('keeps each site its own choice; a handle keeps the layout and takes the side; expanded is the panel', () => {
    let stored: unknown = rememberChoice(undefined, SITE, { layout: 'bar', side: 'left' });
    stored = rememberChoice(stored, 'https://other.kr', { layout: 'panel', side: 'left' });
    expect(choiceFor(stored, SITE)).toEqual({ layout: 'bar', side: 'left' });
    stored = rememberChoice(stored, SITE, { layout: 'handle', side: 'right' });
    expect(choiceFor(stored, SITE)).toEqual({ layout: 'bar', side: 'right' });
    stored = rememberChoice(stored, SITE, { layout: 'expanded', side: 'right' });
    expect(choiceFor(stored, SITE)).toEqual({ layout: 'panel', side: 'right' });
    expect(choiceFor(stored, 'https://other.kr')).toEqual({ layout: 'panel', side: 'left' });
  });

  it('forgets the oldest site beyond the cap', () => {
    let stored: unknown;
    for (let index = 0; index <= MAX_REMEMBERED_SITES; index += 1)
      stored = rememberChoice(stored, `https://site${index}.kr`, { layout: 'bar', side: 'left' });
    expect((stored as unknown[]).length).toBe(MAX_REMEMBERED_SITES);
    expect(choiceFor(stored, 'https://site0.kr')).toEqual(DEFAULT_CHOICE);
    expect(choiceFor(stored, `https://site${MAX_REMEMBERED_SITES}.kr`).layout).toBe('bar');
  });
});
