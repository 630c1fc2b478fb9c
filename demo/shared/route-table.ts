/**
 * Route tables for the demo's sites: a site is a list of routes over its own request context, and
 * the dispatcher picks the route by path. Shared by the demo LMS (127.0.0.1–2) and the
 * HRD-integrated sites (127.0.0.3–9); each site answers misses (404, 405) in its own way.
 */

export type Method = 'GET' | 'POST' | 'OPTIONS';

/** What `findRoute` needs of a route; each site adds its own `handle`. */
export interface RouteShape {
  /** `'*'`: every method; the handler answers each itself. */
  readonly method: Method | '*';
  readonly path: string | RegExp;
  /**
   * For a RegExp path: whether the captured values name something that exists. A route whose
   * captures are refused does not match at all, so an unknown id answers 404 before a wrong
   * method could answer 405.
   */
  readonly accept?: (match: RegExpExecArray) => boolean;
}

/** A route over a site's request context `C`. */
export interface Route<C> extends RouteShape {
  readonly handle: (context: C) => void | Promise<void>;
}

/** Finds the route for a request; `allowed` lists what the path allows when only the method is wrong. */
export function findRoute<R extends RouteShape>(
  routes: readonly R[],
  method: string,
  path: string,
):
  | { readonly route: R; readonly match: RegExpExecArray | null }
  | { readonly route: null; readonly allowed: readonly Method[] } {
  const allowed: Method[] = [];
  for (const route of routes) {
    const match = matchPath(route, path);
    if (match === false) continue;
    const routeMethod = route.method;
    if (routeMethod === '*' || routeMethod === method) return { route, match };
    allowed.push(routeMethod);
  }
  return { route: null, allowed };
}

/** The `Allow` header for a path's methods, each named once, in the table's order. */
export function allowHeader(allowed: readonly Method[]): string {
  return [...new Set(allowed)].join(', ');
}

/** The RegExp match (null for a literal path) when `path` is the route's; false otherwise. */
function matchPath(route: RouteShape, path: string): RegExpExecArray | null | false {
  if (typeof route.path === 'string') return route.path === path ? null : false;
  const match = route.path.exec(path);
  if (match === null) return false;
  return route.accept && !route.accept(match) ? false : match;
}
