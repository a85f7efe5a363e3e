"""scipy cKDTree (build + query, workers=2) on the points bench/knn_worker.ts wrote; checks that
the neighbour sets equal ours. With 'allpairs', times the older tool's approach instead: a dense
all-pairs distance matrix (scipy cdist) and a sort of each row.
Usage: python3 bench/peers/scipy_knn.py <kind> <n> <k> <p> [allpairs]"""
import json, os, sys, time
import numpy as np
from scipy.spatial import cKDTree
from scipy.spatial.distance import cdist

kind, n, k, p = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
allpairs = len(sys.argv) > 5 and sys.argv[5] == "allpairs"
base = os.path.join(os.path.dirname(__file__), "..", "results")
pts = np.fromfile(os.path.join(base, f"knn_{kind}_{n}.pts.f64"), dtype=np.float64).reshape(n, 3)
ours = np.fromfile(os.path.join(base, f"knn_{kind}_{n}_k{k}_p{int(p)}.ours.i32"), dtype=np.int32).reshape(n, k)
t0 = time.perf_counter()
if allpairs:
    d = cdist(pts, pts, "cityblock" if p == 1 else "minkowski", **({} if p == 1 else {"p": p}))
    np.fill_diagonal(d, np.inf)
    idx = np.argsort(d, axis=1, kind="stable")[:, :k]
    impl = "all-pairs (cdist + argsort)"
else:
    tree = cKDTree(pts)
    _, idx = tree.query(pts, k=k + 1, p=p, workers=2)
    # drop each point itself (distance 0); a duplicate point could come first, so remove by id
    idx = np.array([[j for j in row if j != i][:k] for i, row in enumerate(idx)]) if n <= 20000 else idx[:, 1:]
    impl = "scipy cKDTree"
elapsed = time.perf_counter() - t0
same = sum(set(a) == set(b) for a, b in zip(idx.tolist(), ours.tolist()))
print(json.dumps({"impl": impl, "kind": kind, "n": n, "k": k, "p": p, "total_s": elapsed, "equal_neighbour_sets": same, "of": n}))
