import { describe, expect, it } from 'vitest';
import {
  type ComputedValues,
  EXPOSURE_PROPERTIES,
  type ExposureFacts,
  judgeExposure,
} from '@/lib/checkpoints/exposure';
import { parseContentRequest } from '@/lib/messaging/content-protocol';
import { parseBackgroundRequest } from '@/lib/messaging/protocol';
import { shownOverlay, UNTOUCHED_HOST, UNTOUCHED_ROOT } from './exposure-fixtures';

const HOST = UNTOUCHED_HOST;
const ROOT = UNTOUCHED_ROOT;
const SHOWN: ExposureFacts = shownOverlay(5);

const withRoot = (values: ComputedValues): ExposureFacts => ({ ...SHOWN, root: { ...ROOT, ...values } });
const withHost = (values: ComputedValues): ExposureFacts => ({ ...SHOWN, host: { ...HOST, ...values } });

describe('judgeExposure', () => {
  it('reads every property it judges', () => {
    expect(Object.keys(HOST).sort()).toEqual([...EXPOSURE_PROPERTIES].sort());
  });

  it('finds an overlay shown as it is visible', () => {
    expect(judgeExposure(SHOWN)).toBe('visible');
  });

  it('refuses an overlay the page moved from where it was put', () => {
    expect(judgeExposure({ ...SHOWN, placed: false })).toBe('moved');
  });

  it('refuses a hidden host or root', () => {
    expect(judgeExposure(withHost({ display: 'none' }))).toBe('hidden');
    expect(judgeExposure(withRoot({ display: 'none' }))).toBe('hidden');
    expect(judgeExposure(withHost({ visibility: 'hidden' }))).toBe('hidden');
    expect(judgeExposure(withHost({ visibility: 'collapse' }))).toBe('hidden');
  });

  it("judges visibility by the host's own value: a visible child of a hidden root is painted", () => {
    expect(judgeExposure(withRoot({ visibility: 'hidden' }))).toBe('visible');
  });

  it('refuses anything short of fully opaque, along the chain', () => {
    expect(judgeExposure(withRoot({ opacity: '0.01' }))).toBe('transparent');
    expect(judgeExposure(withHost({ opacity: '0.99' }))).toBe('transparent');
    expect(judgeExposure(withRoot({ opacity: '0' }))).toBe('transparent');
    // Unreadable is not opaque.
    expect(judgeExposure(withRoot({ opacity: '' }))).toBe('transparent');
    expect(judgeExposure(withRoot({ opacity: 'calc(1)' }))).toBe('transparent');
  });

  it('lets colour-only filters through (a grey mourning page), and no others', () => {
    for (const filter of ['grayscale(1)', 'grayscale(1) sepia(0.5)', 'saturate(2) hue-rotate(90deg)']) {
      expect(judgeExposure(withRoot({ filter })), filter).toBe('visible');
    }
    for (const filter of [
      'opacity(0)',
      'opacity(0.5)',
      'blur(4px)',
      'brightness(0)',
      'contrast(0)',
      'invert(1)',
      'drop-shadow(rgb(0, 0, 0) 0px 0px 0px)',
      'url("#hide")',
      'grayscale(1) blur(2px)',
      'grayscale(1) url("#hide")',
      'grayscale(1',
      '',
    ]) {
      expect(judgeExposure(withRoot({ filter })), filter).toBe('transparent');
    }
  });

  it('lets the page move the overlay about, but not shrink, turn, clip or mask it', () => {
    expect(judgeExposure(withRoot({ transform: 'matrix(1, 0, 0, 1, 120, -40)' }))).toBe('visible');
    expect(judgeExposure(withRoot({ scale: '1' }))).toBe('visible');
    expect(judgeExposure(withRoot({ scale: '1 1' }))).toBe('visible');
    expect(judgeExposure(withRoot({ rotate: '0deg' }))).toBe('visible');
    expect(judgeExposure(withRoot({ zoom: '1.5' }))).toBe('visible');
    expect(judgeExposure(withRoot({ zoom: '' }))).toBe('visible');
    for (const values of [
      { transform: 'matrix(0.1, 0, 0, 0.1, 0, 0)' },
      { transform: 'matrix(-1, 0, 0, 1, 0, 0)' },
      { transform: 'matrix(1, 0.5, 0, 1, 0, 0)' },
      { transform: 'matrix3d(1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)' },
      { transform: 'matrix(1, 0, 0, 1, NaN, 0)' },
      { transform: '' },
      { scale: '0.1' },
      { scale: '1 0.01' },
      { rotate: '180deg' },
      { zoom: '0.1' },
      { 'clip-path': 'inset(50%)' },
      { 'clip-path': 'circle(0px at 50% 50%)' },
      { 'mask-image': 'linear-gradient(transparent, transparent)' },
      { 'offset-path': 'path("M 0 0 L 100 100")' },
    ] satisfies ComputedValues[]) {
      expect(judgeExposure(withRoot(values)), JSON.stringify(values)).toBe('distorted');
      expect(judgeExposure(withHost(values)), JSON.stringify(values)).toBe('distorted');
    }
  });

  it('refuses when the page hit test finds anything but the overlay at any point', () => {
    expect(judgeExposure({ ...SHOWN, hits: [true, true, false, true, true] })).toBe('covered');
    expect(judgeExposure({ ...SHOWN, hits: [false] })).toBe('covered');
    // No point tested is no proof.
    expect(judgeExposure({ ...SHOWN, hits: [] })).toBe('covered');
  });
});

describe('the overlay/exposure content request', () => {
  it.each([
    { type: 'overlay/exposure', points: [] },
    { type: 'overlay/exposure', points: [[12.5, 300]] },
    {
      type: 'overlay/exposure',
      points: [
        [1, 2],
        [3, 4],
        [5, 6],
        [7, 8],
        [-9, 10],
      ],
    },
  ])('accepts %j', (message) => {
    expect(parseContentRequest(message)).toEqual(message);
  });

  it.each([
    { type: 'overlay/exposure' },
    { type: 'overlay/exposure', points: [[1, 2]], extra: 1 },
    { type: 'overlay/exposure', points: 'center' },
    { type: 'overlay/exposure', points: [[1]] },
    { type: 'overlay/exposure', points: [[1, 2, 3]] },
    { type: 'overlay/exposure', points: [['1', 2]] },
    { type: 'overlay/exposure', points: [[Number.NaN, 2]] },
    { type: 'overlay/exposure', points: [[Number.POSITIVE_INFINITY, 2]] },
    { type: 'overlay/exposure', points: [{ 0: 1, 1: 2, length: 2 }] },
    { type: 'overlay/exposure', points: Array.from({ length: 6 }, () => [1, 2]) },
  ])('refuses %j', (message) => {
    expect(parseContentRequest(message)).toBeNull();
  });
});

describe('checkpoint/submit with the submit button points', () => {
  const submit = { type: 'checkpoint/submit', code: '012345', method: 'app' };

  it('accepts up to five finite points', () => {
    const at = [
      [210, 500],
      [180, 490],
      [240, 490],
      [180, 510],
      [240, 510],
    ];
    expect(parseBackgroundRequest({ ...submit, at })).toEqual({ ...submit, at });
  });

  it.each([[Array.from({ length: 6 }, () => [1, 2])], [[[1, Number.NaN]]], [[[1, 1e9]]], [[[1]]], ['here']])(
    'refuses %j',
    (at) => {
      expect(parseBackgroundRequest({ ...submit, at })).toBeNull();
    },
  );
});
