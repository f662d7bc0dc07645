/**
 * A website-form caller that wants JSON, not a page to show: Accept names
 * JSON and not HTML, a CORS fetch, or an XHR. The form route and the proxy's
 * path check (proxy.ts) answer the same caller the same way.
 */
export function wantsJson(headers: Headers): boolean {
  const accept = headers.get("accept") ?? "";
  if (/application\/json/i.test(accept) && !/text\/html/i.test(accept)) return true;
  if (headers.get("sec-fetch-mode") === "cors") return true;
  return headers.get("x-requested-with")?.toLowerCase() === "xmlhttprequest";
}
