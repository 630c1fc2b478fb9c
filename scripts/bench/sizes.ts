import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Bundle sizes per entrypoint: every file an entrypoint loads, found from the built manifest and
 * HTML pages and by following static imports between chunks. Each file is gzipped on its own at
 * level 9, as scripts/bundle-sizes.mjs does, and an entrypoint's size is the sum over its files
 * (shared chunks count for every entrypoint that loads them).
 */

export interface EntrypointSize {
  readonly entrypoint: string;
  readonly files: readonly string[];
  readonly raw: number;
  readonly gzip: number;
}

interface Manifest {
  readonly background?: { readonly service_worker?: string; readonly scripts?: readonly string[] };
  readonly content_scripts?: readonly { readonly js?: readonly string[]; readonly css?: readonly string[] }[];
  readonly action?: { readonly default_popup?: string };
  readonly options_ui?: { readonly page?: string };
  readonly web_accessible_resources?: readonly { readonly resources: readonly string[] }[];
}

const IMPORT_PATTERN = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+|\/[^"']+)["']/g;
const HTML_ASSET_PATTERN = /<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+\.(?:js|css))"/g;

function fileSize(dir: string, file: string) {
  const bytes = readFileSync(path.join(dir, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** The file and every chunk it statically or dynamically imports, transitively. */
function withImports(dir: string, file: string, seen: Set<string>): void {
  if (seen.has(file)) return;
  seen.add(file);
  if (!file.endsWith('.js')) return;
  const text = readFileSync(path.join(dir, file), 'utf8');
  for (const match of text.matchAll(IMPORT_PATTERN)) {
    const target = match[1] as string;
    const resolved = target.startsWith('/')
      ? target.slice(1)
      : path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
    if (existsSync(path.join(dir, resolved))) withImports(dir, resolved, seen);
  }
}

function entry(dir: string, entrypoint: string, roots: readonly string[]): EntrypointSize {
  const seen = new Set<string>();
  for (const root of roots) {
    if (root.endsWith('.html')) {
      seen.add(root);
      const html = readFileSync(path.join(dir, root), 'utf8');
      for (const match of html.matchAll(HTML_ASSET_PATTERN)) {
        withImports(dir, (match[1] as string).replace(/^\//, ''), seen);
      }
    } else {
      withImports(dir, root, seen);
    }
  }
  const files = [...seen].sort();
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const size = fileSize(dir, file);
    raw += size.raw;
    gzip += size.gzip;
  }
  return { entrypoint, files, raw, gzip };
}

export function entrypointSizes(dir: string): EntrypointSize[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const rows: EntrypointSize[] = [];
  const background = manifest.background?.service_worker
    ? [manifest.background.service_worker]
    : (manifest.background?.scripts ?? []);
  if (background.length > 0) rows.push(entry(dir, 'background', background));
  for (const script of manifest.content_scripts ?? []) {
    for (const js of script.js ?? []) {
      rows.push(
        entry(dir, `content script (${path.posix.basename(js, '.js')})`, [js, ...(script.css ?? [])]),
      );
    }
  }
  const pages = new Map<string, string>();
  if (manifest.action?.default_popup) pages.set('popup', manifest.action.default_popup);
  if (manifest.options_ui?.page) pages.set('options', manifest.options_ui.page);
  for (const resource of manifest.web_accessible_resources ?? []) {
    for (const file of resource.resources) {
      if (file.endsWith('.html')) pages.set(path.posix.basename(file, '.html'), file);
    }
  }
  for (const [page, file] of pages) rows.push(entry(dir, `${page} page`, [file]));
  return rows;
}
