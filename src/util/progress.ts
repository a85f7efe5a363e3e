/**
 * Progress of a long phase (epochs, batches, tiles, rows read): done/total, the rate, and the time
 * left at that rate. On a terminal one redrawn line (at most ten redraws a second); elsewhere (logs,
 * CI) a plain line at the first step, every tenth of the way and at the end, so logs stay short.
 */
export class Progress {
  private readonly t0 = performance.now();
  private lastDraw = -Infinity;
  private nextLine: number;
  private readonly every: number;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly write: (s: string) => void = (s) => process.stderr.write(s),
    private readonly tty = Boolean(process.stderr.isTTY),
  ) {
    this.every = Math.max(1, Math.round(total / 10));
    this.nextLine = 1;
  }

  /** `done` of `total` finished; `extra` follows the numbers (losses, scores). */
  update(done: number, extra = ''): void {
    const end = done >= this.total;
    const now = performance.now();
    if (this.tty) {
      if (!end && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      const width = 24, filled = Math.round((Math.min(done, this.total) / this.total) * width);
      this.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.numbers(done, now)}${extra ? ` ${extra}` : ''}   ${end ? '\n' : ''}`);
    } else if (done >= this.nextLine || end) {
      this.nextLine = (Math.floor(done / this.every) + 1) * this.every;
      this.write(`${this.label} ${this.numbers(done, now)}${extra ? ` ${extra}` : ''}\n`);
    }
  }

  /** "25/250 epochs, 3.1 epochs/s, 73 s left" */
  private numbers(done: number, now: number): string {
    const rate = done / Math.max((now - this.t0) / 1000, 1e-9);
    const left = (this.total - done) / rate;
    return `${done}/${this.total} ${this.unit}, ${formatRate(rate)} ${this.unit}/s, ${formatSeconds(left)} left`;
  }
}

function formatRate(r: number): string {
  return r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toPrecision(2);
}

/** 42 s, 3 min 5 s, 2 h 4 min. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const t = Math.max(0, Math.round(s));
  if (t < 60) return `${t} s`;
  if (t < 3600) return `${Math.floor(t / 60)} min ${t % 60} s`;
  return `${Math.floor(t / 3600)} h ${Math.floor((t % 3600) / 60)} min`;
}
