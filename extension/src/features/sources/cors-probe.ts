import {
  CORS_PROBE_PATH,
  CorsProbeReady,
  CorsProbeResult,
  type CorsProbeVerdict,
  corsProbeVerdict,
} from '@hypomos/shared/providers/azure-cors-probe';

/**
 * Runs the CORS test from a page: frames the portal's test page (so the request really comes from the portal's
 * origin, as a guest's would; this page's own fetch would skip CORS through the host permissions), hands it the
 * blob URL, and turns its answer into words. Times out when the portal does not load or answer.
 */
export function runCorsProbe(portalOrigin: string, blobUrl: string, timeoutMs = 20_000): Promise<CorsProbeVerdict> {
  const origin = new URL(portalOrigin).origin;
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = `${origin}${CORS_PROBE_PATH}`;
  const id = crypto.randomUUID();
  return new Promise<CorsProbeVerdict>((resolve) => {
    const finish = (verdict: CorsProbeVerdict) => {
      clearTimeout(timer);
      removeEventListener('message', onMessage);
      frame.remove();
      resolve(verdict);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          words: `Could not test: the portal at ${origin} did not answer. Is it up and up to date?`,
        }),
      timeoutMs,
    );
    const onMessage = (e: MessageEvent) => {
      if (e.origin !== origin || e.source !== frame.contentWindow) return;
      if (CorsProbeReady.safeParse(e.data).success) {
        frame.contentWindow?.postMessage({ type: 'hypomos.corsProbe.run', id, url: blobUrl }, origin);
        return;
      }
      const result = CorsProbeResult.safeParse(e.data);
      if (result.success && result.data.id === id) finish(corsProbeVerdict(result.data, origin));
    };
    addEventListener('message', onMessage);
    document.body.append(frame);
  });
}
