
import type { DataConfig } from './config';
import { readCsv, type Table } from './csv';
import { readEdgeTable } from './edge_table';
import { buildNodeSet, handleMissing, type NodeSet } from './node_set';
import { generateSurvey } from './synthetic_survey';

/** Nodes and, when the data has an edge table, its edges; `notes` says what the loader did. */
export interface LoadedData {
  nodes: NodeSet;
  edges: { src: Int32Array; dst: Int32Array; weight: Float64Array | null } | null;
  notes: string[];
}

/** Synthetic survey defaults that make its columns play their roles. */
export function syntheticRoles(cfg: DataConfig): DataConfig {
  return {
    ...cfg,
    id: cfg.id ?? 'id',
    features: cfg.features.length ? cfg.features : ['cond', 'runc'],
    logFeatures: cfg.features.length ? cfg.logFeatures : ['cond'],
    coordFeatures: cfg.features.length ? cfg.coordFeatures : ['z'],
    label: 'label', group: 'Line', trainFlag: 'train', split: null,
    coords: { x: 'x', y: 'y', z: 'z' },
  };
}

export async function loadNodesTable(cfg: DataConfig, seed: number): Promise<{ table: Table; cfg: DataConfig }> {
  if (cfg.source === 'synthetic') return { table: generateSurvey(cfg.synthetic, seed), cfg: syntheticRoles(cfg) };
  return { table: await readCsv(cfg.nodes!), cfg };
}

export async function loadData(dataCfg: DataConfig, seed: number): Promise<LoadedData> {
  const { table, cfg } = await loadNodesTable(dataCfg, seed);
  const notes: string[] = [];
  const raw = buildNodeSet(table, cfg);
  const { nodes, dropped, imputed } = handleMissing(raw, cfg);
  if (dropped) notes.push(`dropped ${dropped} node(s) with missing features`);
  if (imputed) notes.push(`imputed ${imputed} missing value(s) with training medians`);
  for (const [col, names] of Object.entries(nodes.codes)) {
    if (names.some((s) => !/^-?\d+$/.test(s))) notes.push(`column '${col}' mapped to codes: ${names.slice(0, 12).map((s, i) => `${s}=${i}`).join(', ')}${names.length > 12 ? ', …' : ''}`);
  }
  let edges: LoadedData['edges'] = null;
  if (cfg.source === 'csv' && cfg.edges) {
    const kept = new Set(nodes.ids);
    const removed = new Set(raw.ids.filter((id) => !kept.has(id)));
    const e = readEdgeTable(await readCsv(cfg.edges), cfg, nodes, removed);
    if (e.dropped) notes.push(`dropped ${e.dropped} edge(s) of removed nodes`);
    edges = e;
  }
  return { nodes, edges, notes };
}

