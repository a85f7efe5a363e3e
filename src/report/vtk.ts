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

const chunked = (n: number, at: (i: number) => string): string => {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(at(i));
  return parts.join(' ');
};

/**
 * A VTK XML unstructured grid (.vtu, ASCII): every node a vertex cell, every edge a line cell, and
 * the per-node arrays as point data, which ParaView and pyvista open as they are. NaN values are
 * written as `nan`, which VTK reads.
 */
export function vtuText(d: VtkInput): string {
  const m = d.edges.u.length;
  const num = (v: number) => (Number.isFinite(v) ? String(v) : 'nan');
  const points = chunked(d.n, (i) => `${num(d.x[i])} ${num(d.y[i])} ${d.z ? num(d.z[i]) : 0}`);
  const connectivity = `${chunked(d.n, (i) => String(i))} ${chunked(m, (e) => `${d.edges.u[e]} ${d.edges.v[e]}`)}`.trim();
  const offsets = `${chunked(d.n, (i) => String(i + 1))} ${chunked(m, (e) => String(d.n + 2 * (e + 1)))}`.trim();
  // VTK_VERTEX = 1, VTK_LINE = 3
  const types = `${chunked(d.n, () => '1')} ${chunked(m, () => '3')}`.trim();
  const arrays = d.arrays.map((a) => `        <DataArray type="${a.integer ? 'Int32' : 'Float64'}" Name="${escapeHtml(a.name)}" format="ascii">${chunked(d.n, (i) => num(a.values[i]))}</DataArray>`).join('\n');
  return `<?xml version="1.0"?>
<VTKFile type="UnstructuredGrid" version="1.0" byte_order="LittleEndian" header_type="UInt64">
  <UnstructuredGrid>
    <Piece NumberOfPoints="${d.n}" NumberOfCells="${d.n + m}">
      <Points>
        <DataArray type="Float64" NumberOfComponents="3" format="ascii">${points}</DataArray>
      </Points>
      <Cells>
        <DataArray type="Int64" Name="connectivity" format="ascii">${connectivity}</DataArray>
        <DataArray type="Int64" Name="offsets" format="ascii">${offsets}</DataArray>
        <DataArray type="UInt8" Name="types" format="ascii">${types}</DataArray>
      </Cells>
      <PointData>
${arrays}
      </PointData>
    </Piece>
  </UnstructuredGrid>
</VTKFile>
`;
}
