import { CookieJar } from 'tough-cookie';

/**
 * One virtual user's cookies, kept across its requests as a browser would:
 * RFC 6265 storage and matching (domain and host-only cookies, path, `Secure`,
 * `HttpOnly`, `Expires`/`Max-Age`, deletion with `Max-Age=0` or a past
 * `Expires`, public suffixes rejected), implemented by tough-cookie's
 * `CookieJar` over its synchronous in-memory store.
 *
 * Each VU gets its own jar: VUs never share sessions.
 */
export interface VuCookieJar {
  /**
   * The `Cookie` request header for a request to `url`: `name=value` pairs joined
   * by `; `, most specific path first (RFC 6265 §5.4); expired cookies are dropped.
   * @param url absolute URL of the request
   * @returns the header value, or `undefined` when no cookie applies
   * @throws TypeError when `url` is not an absolute URL
   */
  cookieHeader(url: string): string | undefined;
  /**
   * Stores the cookies of a response to `url`. A cookie a browser would refuse
   * (malformed, for another domain or a public suffix, `Secure` over plain HTTP
   * to a non-local host) is ignored silently, as RFC 6265 §5.3 says; an expired
   * one deletes the stored cookie of the same name, domain and path.
   * @param url absolute URL the response came from
   * @param setCookie the response's `set-cookie` header(s), as undici gives them
   *   (one string, an array, or `undefined` for none)
   * @throws TypeError when `url` is not an absolute URL
   */
  store(url: string, setCookie: string | string[] | undefined): void;
  /** Forgets every cookie (e.g. a VU starting over as a new visitor). */
  clear(): void;
}

/**
 * Creates an empty cookie jar for one virtual user (Locust's per-user
 * `requests.Session` cookies, k6's per-VU jar). Synchronous: no I/O.
 * `localhost` and loopback addresses count as secure, so `Secure` cookies work
 * against a local service over HTTP (as in browsers).
 */
export function createCookieJar(): VuCookieJar {
  const jar = new CookieJar();
  return {
    cookieHeader(url) {
      const header = jar.getCookieStringSync(url);
      return header === '' ? undefined : header;
    },
    store(url, setCookie) {
      if (setCookie === undefined) return;
      for (const cookie of Array.isArray(setCookie) ? setCookie : [setCookie]) {
        jar.setCookieSync(cookie, url, { ignoreError: true });
      }
    },
    clear() {
      jar.removeAllCookiesSync();
    },
  };
}
