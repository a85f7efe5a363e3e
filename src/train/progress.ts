/**
 * Epoch progress: a redrawn bar on a terminal, a plain line every tenth of the run otherwise
 * (logs and CI stay readable).
 */
export function epochProgress(label: string, total: number, write: (s: string) => void = (s) => process.stderr.write(s)): (epoch: number, text: string) => void {
  const tty = Boolean(process.stderr.isTTY);
  const every = Math.max(1, Math.round(total / 10));
  return (epoch, text) => {
    if (tty) {
      const width = 24;
      const filled = Math.round((epoch / total) * width);
      write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${epoch}/${total} ${text}   `);
      if (epoch === total) write('\n');
    } else if (epoch % every === 0 || epoch === 1) {
      write(`${label} epoch ${epoch}/${total} ${text}\n`);
    }
  };
}
