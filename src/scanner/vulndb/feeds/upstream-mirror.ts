/**
 * Route every feed download to an HTTP mirror of the upstream hosts: a request for
 * `https://<host>/<path>` goes to `<mirror>/<host>/<path>` (the layout `wget --mirror` or a
 * caching proxy keyed by host produces). Conditional headers pass through unchanged.
 */
import type { Dispatcher } from 'undici';

import { RampartError } from '../../../runtime/errors.js';

/** The parsed mirror base URL; a bad value is VULNDB_MIRROR_URL naming it. */
export function parseMirrorUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RampartError(
      'VULNDB_MIRROR_URL',
      `--mirror-url "${value}" is not an http(s) URL; give the base URL of the mirror, e.g. http://mirror.internal/feeds`,
    );
  return url;
}

/** A dispatcher that sends upstream requests to `mirror` instead, through `inner`. */
export function viaMirror(inner: Dispatcher, mirror: URL): Dispatcher {
  const prefix = mirror.pathname.replace(/\/+$/, '');
  return inner.compose((dispatch) => (opts, handler) => {
    const host = opts.origin ? new URL(String(opts.origin)).host : '';
    return dispatch({ ...opts, origin: mirror.origin, path: `${prefix}/${host}${opts.path}` }, handler);
  });
}
