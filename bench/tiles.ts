/*
 * npm run bench:tiles — tiled prediction shared through Redis (issue #17): a model trained briefly on
 * a synthetic survey of LINES × 1,000 stations × 30 layers, then `predict` once as one process
 * (whole-survey pass) and once as WORKERS processes sharing TILES tiles through a redis-server
 * started here on 127.0.0.1. Reports each wall time, every worker's peak memory, and whether the
 * outputs are byte for byte the same. Options: --lines 20 --workers 3 --tiles 12 --threads 1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchSection } from './benchmarks_md';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : dflt);
const lines = opt('lines', 20), workers = opt('workers', 3), tiles = opt('tiles', 12), threads = opt('threads', 1);
const root = join(__dirname, '..');
const env = { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' };
const dir = mkdtempSync(join(tmpdir(), 'bench-tiles-'));

/** The CLI under /usr/bin/time: exit code, wall seconds and peak resident MB. */
function timed(argv: string[]): Promise<{ code: number | null; seconds: number; peakMB: number; out: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'PEAK_KB %M', process.execPath, '-r', 'ts-node/register', 'src/cli.ts', ...argv], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => {
      const kb = Number(/PEAK_KB (\d+)/.exec(err)?.[1] ?? NaN);
      if (code !== 0) console.error(err.trim().split('\n').slice(-5).join('\n'));
      resolve({ code, seconds: (performance.now() - t0) / 1000, peakMB: Math.round(kb / 1024), out });
    });
  });
}

const same = (a: string, b: string) => {
  const fa = readdirSync(a).sort(), fb = readdirSync(b).sort();
  return fa.join() === fb.join() && fa.every((f) => readFileSync(join(a, f)).equals(readFileSync(join(b, f))));
};

async function main(): Promise<void> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    console.log('redis-server is not installed: nothing to measure');
    return;
  }
  const port = 23000 + (process.pid % 9000);
  const server = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  try {
    writeFileSync(join(dir, 'run.json'), JSON.stringify({
      name: 'm', out: dir, seed: 42, threads,
      data: join(root, 'configs/data/synthetic_aem.json'), graph: join(root, 'configs/graph/lattice.json'), model: join(root, 'configs/model/sage_directional.json'),
      method: { epochs: 2, baselines: [] },
    }));
    const cells = lines * 1000 * 30;
    const survey = ['--set', `data.synthetic.lines=${lines}`, '--set', 'data.synthetic.stationsPerLine=1000'];
    const trained = await timed(['run', join(dir, 'run.json'), '--no-report', '--quiet', ...survey]);
    if (trained.code !== 0) throw new Error('training failed');
    const model = join(dir, 'm', 'model.json');
    const common = ['predict', '--model', model, '--no-report', '--quiet', '--threads', String(threads)];
    const load = loadavg()[0];
    const one = await timed([...common, '--out', join(dir, 'single')]);
    const t0 = performance.now();
    const shared = await Promise.all(Array.from({ length: workers }, (_, k) => timed([...common, '--out', join(dir, `w${k}`), '--tiles', String(tiles), '--storage', `redis://127.0.0.1:${port}`])));
    const wall = (performance.now() - t0) / 1000;
    const equal = shared.every((w, k) => w.code === 0 && same(join(dir, 'single'), join(dir, `w${k}`)));
    const table = [
      `| cells | load | one process s | MB | ${workers} workers, ${tiles} tiles: wall s | each worker's peak MB | workers / one | outputs byte for byte equal |`,
      '|---|---|---|---|---|---|---|---|',
      `| ${cells.toLocaleString('en')} | ${load.toFixed(2)} | ${one.seconds.toFixed(1)} | ${one.peakMB} | ${wall.toFixed(1)} | ${shared.map((w) => w.peakMB).join(', ')} | ${(wall / one.seconds).toFixed(2)} | ${equal ? 'yes' : 'NO'} |`,
    ];
    console.log(table.join('\n'));
    writeBenchSection('tiles', [
      `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench:tiles -- --lines ${lines} --workers ${workers} --tiles ${tiles} --threads ${threads}\` (Node ${process.version}): \`predict\` of a 2-epoch SAGE (directional) model on the default survey at ${lines} lines × 1,000 stations × 30 layers, as one process and as ${workers} processes on this 2-core machine sharing ${tiles} tiles through a local redis-server. Each worker reads the survey and builds the graph itself before taking tiles, and writes the whole output folder at the end; times include that.`,
      '',
      ...table,
    ].join('\n'));
  } finally {
    server.kill('SIGKILL');
  }
}

main();
