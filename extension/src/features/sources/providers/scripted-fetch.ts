/**
 * Test support: a fetch that answers from a script of documented answers (the providers' own examples), and
 * records each request with its Authorization header. A request no rule matches fails the test loudly.
 */
export interface ScriptedRequest {
  url: string;
  method: string;
  authorization: string | null;
  body: string | null;
}

export type Rule = [match: RegExp, answer: (req: ScriptedRequest) => Response | Promise<Response>];

export function scriptedFetch(rules: Rule[]) {
  const requests: ScriptedRequest[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    const req = {
      url,
      method: init?.method ?? 'GET',
      authorization: headers.get('authorization'),
      body: typeof init?.body === 'string' ? init.body : null,
    };
    requests.push(req);
    const rule = rules.find(([match]) => match.test(url));
    if (!rule) throw new Error(`scriptedFetch: no answer for ${req.method} ${url}`);
    return rule[1](req);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
