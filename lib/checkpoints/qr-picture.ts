/**
 * The issue page's QR code as a picture the extension's own page can decode: a `data:` URL of the
 * image itself (never a fetch, and no decoding here, in the LMS page). An inline SVG is serialised
 * at the size it is shown, so it keeps its shape when drawn again; an image or canvas is copied
 * through a canvas, which the browser refuses for another origin's image (then there is none).
 */
export function qrPictureOf(element: Element): string | null {
  try {
    const tag = element.tagName.toLowerCase();
    if (tag === 'canvas') return (element as HTMLCanvasElement).toDataURL('image/png');
    if (tag === 'svg') {
      const copy = element.cloneNode(true) as Element;
      const { width, height } = element.getBoundingClientRect();
      copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
      if (width > 0 && height > 0) {
        copy.setAttribute('width', String(Math.round(width)));
        copy.setAttribute('height', String(Math.round(height)));
      }
      return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`;
    }
    if (tag !== 'img') return null;
    const image = element as HTMLImageElement;
    if (/^data:image\//.test(image.currentSrc)) return image.currentSrc;
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    canvas.getContext('2d')?.drawImage(image, 0, 0);
    return canvas.toDataURL('image/png');
  } catch {
    return null;
  }
}
