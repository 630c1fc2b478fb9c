/// <reference lib="dom" />
/** The page side of `pageData` (demo/shared/markup.ts). */

/** The JSON the server put in `<script type="application/json" id="page-data">`. */
export function readPageData<T>(): T {
  const text = document.getElementById('page-data')?.textContent;
  if (!text) throw new Error('page data missing');
  return JSON.parse(text) as T;
}
