/**
 * An http(s) URL from feed data, normalised so every URI-typed field of SARIF, CycloneDX and SPDX
 * accepts it (WHATWG parsing, then any character RFC 3986 does not allow percent-encoded), or
 * undefined when the text is not an http(s) URL at all.
 */
export function httpUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href.replace(/[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/g, (c) => encodeURIComponent(c));
}
