import type { Scope } from '../../domain/api-key.js';

/**
 * The scope a route needs, by its pattern (not the raw URL, so `/v1/alerts/x/../..` cannot slip
 * past), or undefined for what anyone may call: health checks, the page and the API docs. A URL
 * that matches no route needs nothing: it is a 404 either way.
 */
export function scopeFor(route: string | undefined): Scope | undefined {
  if (!route) return undefined;
  if (route === '/v1/alerts' || route.startsWith('/v1/alerts/')) return 'alerts:write';
  if (route === '/v1/observations') return 'observations:write';
  if (route.startsWith('/v1/') || route === '/metrics') return 'read';
  return undefined;
}
