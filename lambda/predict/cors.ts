/**
 * CORS response headers for a browser caller whose `Origin` is allowed; none otherwise. With no
 * allowed origins (the default) CORS is off. `*` allows every origin.
 */
export function corsHeaders(
  requestHeaders: Readonly<Record<string, string | undefined>> | null | undefined,
  allowedOrigins: readonly string[],
): Record<string, string> {
  if (allowedOrigins.length === 0) return {};
  if (allowedOrigins.includes('*')) return { 'Access-Control-Allow-Origin': '*' };
  const origin = Object.entries(requestHeaders ?? {}).find(([name]) => name.toLowerCase() === 'origin')?.[1];
  if (origin === undefined || !allowedOrigins.includes(origin)) return { Vary: 'Origin' };
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}
