import type { CSR } from '../sparse/csr';
import { addSelfLoops, gcnNormalize, rowNormalize } from '../sparse/normalize';
import { selectEntries } from '../sparse/select';
import type { DType } from '../util/float';
import type { LayerGraph } from './layer_graph';

/** Node positions, for layers that tell neighbours above, below and beside apart. */
export interface NodeGeometry { x: ArrayLike<number>; y: ArrayLike<number>; z: ArrayLike<number> | null }

/** The directions of model.directions 'vertical', in the order of their weights. */
export const DIRECTIONS = ['above', 'below', 'level'] as const;

/**
 * Node types of a heterogeneous graph (data.types): the type of each node (type 0 is the survey's
 * own), and the relations the config declares as (source, destination) type pairs, so that a model
 * has the same weights whichever relations a survey happens to have edges for.
 */
export interface NodeTypes { of: Int32Array; names: string[]; pairs?: [number, number][] }

/** A relation: messages from nodes of one type into nodes of another (or the same) type. */
export interface Relation { src: number; dst: number; name: string }

/**
 * The adjacency a model runs on (row i = messages into node i; values = edge weights), with the
 * normalised forms each layer type needs, computed once per graph and precision and then reused
 * every epoch.
 */
export class GraphInput implements LayerGraph {
  private cache = new Map<string, CSR>();

  private relationList: Relation[] | null = null;

  constructor(readonly adj: CSR, readonly geometry: NodeGeometry | null = null, readonly types: NodeTypes | null = null) {}

  get numNodes(): number { return this.adj.nRows; }

  /** Every node is a destination: a layer on the whole graph outputs a row per node. */
  get numDst(): number { return this.adj.nRows; }

  private get(key: string, dtype: DType, make: (a: CSR) => CSR): CSR {
    const k = `${key}:${dtype}`;
    let c = this.cache.get(k);
    if (!c) {
      c = make(this.adj.as(dtype));
      this.cache.set(k, c);
    }
    return c;
  }

  /** D^-1/2 (A + I) D^-1/2 with the edge weights. */
  gcn(dtype: DType): CSR { return this.get('gcn', dtype, (a) => gcnNormalize(a)); }
  /** D^-1 A: mean over neighbours (edge weights ignored: each neighbour counts once). */
  mean(dtype: DType): CSR { return this.get('mean', dtype, (a) => rowNormalize(a.withValues(a.val.map(() => 1)))); }
  /**
   * Mean over the neighbours above, over those below and over those beside (the mean operator of
   * each direction, rows without such neighbours all zero). A neighbour is above or below when the
   * link is steeper than 45°: in a layered section, the cells up and down the sounding.
   */
  directionalMeans(dtype: DType, only: (i: number, j: number) => boolean = () => true, key = ''): CSR[] {
    const g = this.geometry;
    if (!g?.z) throw new Error('model.directions needs node elevations (a z coordinate)');
    const z = g.z;
    const steep = (i: number, j: number) => Math.abs(z[j] - z[i]) > Math.hypot(g.x[j] - g.x[i], g.y[j] - g.y[i]);
    const keep = [(i: number, j: number) => steep(i, j) && z[j] > z[i], (i: number, j: number) => steep(i, j) && z[j] < z[i], (i: number, j: number) => !steep(i, j)];
    return DIRECTIONS.map((d, k) => this.get(`mean-${d}${key}`, dtype, (a) => rowNormalize(selectEntries(a.withValues(a.val.map(() => 1)), (i, j) => only(i, j) && keep[k](i, j)))));
  }

  /**
   * The relations: the declared type pairs, else those with at least one edge; by destination type
   * then source type (a fixed order: weights follow it). A declared relation without an edge averages nothing.
   */
  relations(): Relation[] {
    if (this.relationList) return this.relationList;
    const t = this.types;
    if (!t) return (this.relationList = []);
    const T = t.names.length;
    const seen = new Uint8Array(T * T);
    if (t.pairs) for (const [src, dst] of t.pairs) seen[dst * T + src] = 1;
    else for (let i = 0; i < this.adj.nRows; i++) for (let p = this.adj.rowPtr[i]; p < this.adj.rowPtr[i + 1]; p++) seen[t.of[i] * T + t.of[this.adj.col[p]]] = 1;
    const out: Relation[] = [];
    for (let dst = 0; dst < T; dst++) for (let src = 0; src < T; src++) if (seen[dst * T + src]) out.push({ src, dst, name: `${t.names[src]}→${t.names[dst]}` });
    return (this.relationList = out);
  }

  /**
   * The neighbour sets a SAGE layer averages apart, each with its own weight: one (all neighbours),
   * the three directions (model.directions), and with node types one per relation (the survey's own
   * relation split by direction when directional).
   */
  neighbourSets(directional: boolean): string[] {
    const own = directional ? [...DIRECTIONS] : ['neigh'];
    if (!this.types) return own;
    return this.relations().flatMap((r) => (r.src === 0 && r.dst === 0 ? own : [r.name]));
  }

  /** The mean operators of neighbourSets(directional), in its order. */
  neighbourMeans(dtype: DType, directional: boolean): CSR[] {
    if (!this.types) return directional ? this.directionalMeans(dtype) : [this.mean(dtype)];
    const of = this.types.of;
    return this.relations().flatMap((r) => {
      const inRelation = (i: number, j: number) => of[i] === r.dst && of[j] === r.src;
      if (r.src === 0 && r.dst === 0 && directional) return this.directionalMeans(dtype, inRelation, `-${r.src}-${r.dst}`);
      return [this.get(`mean-rel-${r.src}-${r.dst}`, dtype, (a) => rowNormalize(selectEntries(a.withValues(a.val.map(() => 1)), inRelation)))];
    });
  }

  /** A + I structure for attention (values unused). */
  withSelfLoops(dtype: DType): CSR { return this.get('loops', dtype, (a) => addSelfLoops(a)); }
}
