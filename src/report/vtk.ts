import { escapeHtml } from '../util/escape';

/** What a VTK file of a run holds: node positions, graph edges and per-node arrays. */
export interface VtkInput {
  n: number;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Elevation, or null for 2-D data (written as 0). */
  z: ArrayLike<number> | null;
  edges: { u: ArrayLike<number>; v: ArrayLike<number> };
  /** Point data: name → one value per node (integers are written as Int32, the rest as Float64). */
  arrays: { name: string; values: ArrayLike<number>; integer?: boolean }[];
}

/** n items joined by spaces, in parts of at most 65,536 items (the whole may not fit in one string). */
function* chunked(n: number, at: (i: number) => string): Generator<string> {
  for (let i0 = 0; i0 < n; i0 += 65536) {
    const parts: string[] = [];
    for (let i = i0; i < Math.min(n, i0 + 65536); i++) parts.push(at(i));
    yield (i0 > 0 ? ' ' : '') + parts.join(' ');
  }
}

/**
 * A VTK XML unstructured grid (.vtu, ASCII): every node a vertex cell, every edge a line cell, and
 * the per-node arrays as point data, which ParaView and pyvista open as they are. NaN values are
 * written as `nan`, which VTK reads. Yields the file in parts, for writeFileAtomic.
 */
export function* vtuParts(d: VtkInput): Generator<string> {
  const m = d.edges.u.length;
  const num = (v: number) => (Number.isFinite(v) ? String(v) : 'nan');
  // vertex cells, then line cells, in one array
  function* cells(vertex: (i: number) => string, line: (e: number) => string): Generator<string> {
    yield* chunked(d.n, vertex);
    if (d.n > 0 && m > 0) yield ' ';
    yield* chunked(m, line);
  }
  yield `<?xml version="1.0"?>
<VTKFile type="UnstructuredGrid" version="1.0" byte_order="LittleEndian" header_type="UInt64">
  <UnstructuredGrid>
    <Piece NumberOfPoints="${d.n}" NumberOfCells="${d.n + m}">
      <Points>
        <DataArray type="Float64" NumberOfComponents="3" format="ascii">`;
  yield* chunked(d.n, (i) => `${num(d.x[i])} ${num(d.y[i])} ${d.z ? num(d.z[i]) : 0}`);
  yield `</DataArray>
      </Points>
      <Cells>
        <DataArray type="Int64" Name="connectivity" format="ascii">`;
  yield* cells((i) => String(i), (e) => `${d.edges.u[e]} ${d.edges.v[e]}`);
  yield '</DataArray>\n        <DataArray type="Int64" Name="offsets" format="ascii">';
  yield* cells((i) => String(i + 1), (e) => String(d.n + 2 * (e + 1)));
  // VTK_VERTEX = 1, VTK_LINE = 3
  yield '</DataArray>\n        <DataArray type="UInt8" Name="types" format="ascii">';
  yield* cells(() => '1', () => '3');
  yield `</DataArray>
      </Cells>
      <PointData>
`;
  for (const [k, a] of d.arrays.entries()) {
    yield `${k > 0 ? '\n' : ''}        <DataArray type="${a.integer ? 'Int32' : 'Float64'}" Name="${escapeHtml(a.name)}" format="ascii">`;
    yield* chunked(d.n, (i) => num(a.values[i]));
    yield '</DataArray>';
  }
  yield `
      </PointData>
    </Piece>
  </UnstructuredGrid>
</VTKFile>
`;
}
