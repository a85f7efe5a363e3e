"""Independent readers of geo-graphnet's exports, for the tests: meshio reads nodes.vtu, pyproj
reprojects station coordinates. Prints one JSON object.

usage: read_exports.py vtu FILE ARRAY...   -> {"points": n, "cells": {...}, "arrays": {name: [first values]}, "sums": {...}}
       read_exports.py proj EPSG X,Y ...   -> {"lonlat": [[lon, lat], ...]}
"""
import json
import sys


def vtu(path, names):
    import meshio

    m = meshio.read(path)
    cells = {}
    for block in m.cells:
        cells[block.type] = cells.get(block.type, 0) + len(block.data)
    out = {"points": int(m.points.shape[0]), "cells": cells, "arrays": {}, "sums": {}}
    for name in names:
        a = m.point_data[name]
        out["arrays"][name] = [float(v) for v in a[:5]]
        out["sums"][name] = float(a.sum())
    out["z_range"] = [float(m.points[:, 2].min()), float(m.points[:, 2].max())]
    return out


def proj(code, pairs):
    from pyproj import Transformer

    t = Transformer.from_crs(code, "EPSG:4326", always_xy=True)
    return {"lonlat": [list(t.transform(*map(float, p.split(",")))) for p in pairs]}


if __name__ == "__main__":
    kind = sys.argv[1]
    result = vtu(sys.argv[2], sys.argv[3:]) if kind == "vtu" else proj(sys.argv[2], sys.argv[3:])
    print(json.dumps(result))
