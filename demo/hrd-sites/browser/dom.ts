/// <reference lib="dom" />
/** Small DOM helpers the sites' page scripts share. */

export { readPageData } from '../../shared/browser/page-data';

/** An element the page must have, of the expected kind. */
export function mustGet<T extends HTMLElement>(id: string, kind: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`#${id} missing`);
  return element;
}

/** The first element matching `selector`, of the expected kind (for pages whose vendor uses no ids). */
export function mustFind<T extends HTMLElement>(selector: string, kind: new () => T): T {
  const element = document.querySelector(selector);
  if (!(element instanceof kind)) throw new Error(`${selector} missing`);
  return element;
}

/** `application/x-www-form-urlencoded` text of some fields. */
export function formBody(fields: Readonly<Record<string, string>>): string {
  return new URLSearchParams(fields).toString();
}

/** Sends one XMLHttpRequest the way older LMS pages do; resolves with the finished request. */
export function sendXhr(
  method: 'GET' | 'POST',
  url: string,
  body: string | null,
  contentType: string | null,
): Promise<XMLHttpRequest> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url, true);
    if (contentType) xhr.setRequestHeader('Content-Type', contentType);
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () => reject(new Error('network error'));
    xhr.send(body);
  });
}

/** Text of the first `<name>` element of an XML answer, or ''. */
export function xmlField(document: Document | null, name: string): string {
  return document?.getElementsByTagName(name)[0]?.textContent?.trim() ?? '';
}

/** Shows or hides an element by its `hidden` attribute. */
export function setShown(element: HTMLElement | null, shown: boolean): void {
  if (element) element.hidden = !shown;
}
