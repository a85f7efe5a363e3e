import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { planetoidAccuracy } from '../../bench/planetoid';

const shared = join(__dirname, '../../../shared/data/planetoid/cora_nodes.csv.gz');
const present = existsSync(shared);
if (!present) console.warn(`skipping the Cora check: ${shared} is absent (it lives in ../shared beside the project)`);

describe.skipIf(!present)('real data: Cora, public split (reads ../shared/data/planetoid)', () => {
  it('a 2-layer GCN with Kipf & Welling settings reaches ≥ 80 % test accuracy (one seed)', async () => {
    const [acc] = await planetoidAccuracy('cora', 'gcn', [0]);
    expect(acc).toBeGreaterThanOrEqual(0.8);
  }, 300_000);
});
