import { formatUri, parseNameAddr, parseUri } from '../message';

/** Request-URI and Route headers of a request within a dialog (RFC 3261 §12.2.1.1). */
export interface Routing {
  uri: string;
  routes: string[];
}

/**
 * RFC 3261 §12.2.1.1: an empty route set sends to the remote target without Route; a loose first
 * route (`lr`) keeps the remote target as Request-URI and the route set as Route; a strict first
 * route becomes the Request-URI (parameters not allowed there stripped), and the remote target
 * goes last in the Route header.
 */
export function routeRequest(routeSet: readonly string[], remoteTarget: string): Routing {
  if (routeSet.length === 0) return { uri: remoteTarget, routes: [] };
  const first = parseNameAddr(routeSet[0]);
  const firstUri = parseUri(first.uri);
  if (firstUri.params.lr !== undefined) return { uri: remoteTarget, routes: [...routeSet] };
  // §19.1.1 Table 1: "method" and URI headers are not allowed in a Request-URI.
  const kept = Object.fromEntries(Object.entries(firstUri.params).filter(([k]) => k !== 'method'));
  const uri = formatUri({ ...firstUri, params: kept, headers: {} });
  return { uri, routes: [...routeSet.slice(1), `<${remoteTarget}>`] };
}
