/** Prometheus counters and a latency histogram, rendered in the text exposition format 0.0.4. */
export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #appends = new Map<string, number>();
  readonly #buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  readonly #hist = new Map<string, { counts: number[]; sum: number; count: number }>();

  request(route: string, method: string, status: number, seconds: number): void {
    const k = `route="${route}",method="${method}",status="${status}"`;
    this.#requests.set(k, (this.#requests.get(k) ?? 0) + 1);
    const hk = `route="${route}"`;
    let h = this.#hist.get(hk);
    if (h === undefined) {
      h = { counts: this.#buckets.map(() => 0), sum: 0, count: 0 };
      this.#hist.set(hk, h);
    }
    for (let i = 0; i < this.#buckets.length; i++)
      if (seconds <= (this.#buckets[i] as number)) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  append(outcome: 'accepted' | 'duplicate' | 'refused'): void {
    this.#appends.set(outcome, (this.#appends.get(outcome) ?? 0) + 1);
  }

  render(): string {
    const lines: string[] = [];
    lines.push('# HELP realdid_gateway_requests_total HTTP requests served, by route, method and status.');
    lines.push('# TYPE realdid_gateway_requests_total counter');
    for (const [k, v] of this.#requests) lines.push(`realdid_gateway_requests_total{${k}} ${v}`);
    lines.push('# HELP realdid_gateway_appends_total Ledger appends, by outcome.');
    lines.push('# TYPE realdid_gateway_appends_total counter');
    for (const [k, v] of this.#appends) lines.push(`realdid_gateway_appends_total{outcome="${k}"} ${v}`);
    lines.push('# HELP realdid_gateway_request_duration_seconds Time to answer a request, by route.');
    lines.push('# TYPE realdid_gateway_request_duration_seconds histogram');
    for (const [k, h] of this.#hist) {
      for (let i = 0; i < this.#buckets.length; i++)
        lines.push(
          `realdid_gateway_request_duration_seconds_bucket{${k},le="${this.#buckets[i]}"} ${h.counts[i]}`,
        );
      lines.push(`realdid_gateway_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`);
      lines.push(`realdid_gateway_request_duration_seconds_sum{${k}} ${h.sum}`);
      lines.push(`realdid_gateway_request_duration_seconds_count{${k}} ${h.count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
