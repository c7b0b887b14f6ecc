/**
 * Faults injected on demand so clients can be tested against throttling, expired tokens, resyncs and
 * broken connections without timing tricks. A fault matches a request by method and path+query and is
 * used up after `times` matches (default 1).
 */
export interface Fault {
  /** Tested against `pathname + search` of the request. */
  match: RegExp;
  method?: string;
  /** Answer with this status (401, 403, 410, 429, 503…) and the server's documented error body. */
  status?: number;
  /** Retry-After header value as sent, e.g. '0.5', '2' or an HTTP-date. */
  retryAfter?: string;
  /** Drive: the error reason to answer with instead of the status's usual one, e.g. `downloadQuotaExceeded`. */
  reason?: string;
  /** For byte downloads: send the headers and this many body bytes, then destroy the socket. */
  resetAfterBytes?: number;
  times?: number;
}

export class FaultQueue {
  private readonly list: Fault[] = [];
  /** How many requests each fault answered, for assertions. */
  readonly hits: Fault[] = [];

  push(fault: Fault): void {
    this.list.push({ times: 1, ...fault });
  }

  clear(): void {
    this.list.length = 0;
  }

  /** The first pending fault matching the request, consumed once. */
  take(method: string, pathAndQuery: string, kind: 'status' | 'reset'): Fault | null {
    const index = this.list.findIndex(
      (f) =>
        (f.method === undefined || f.method === method) &&
        f.match.test(pathAndQuery) &&
        (kind === 'reset' ? f.resetAfterBytes !== undefined : f.status !== undefined),
    );
    if (index < 0) return null;
    const fault = this.list[index] as Fault;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.list.splice(index, 1);
    this.hits.push(fault);
    return fault;
  }
}
