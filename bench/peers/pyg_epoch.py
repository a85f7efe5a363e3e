"""One PyTorch Geometric training epoch (forward, backward, Adam step) on the same graph files as
bench/epoch_worker.ts; prints one JSON line with the median seconds per epoch and peak RSS.
Usage: python3 bench/peers/pyg_epoch.py <gcn|sage|gat> <nodes> <epochs> <edge_index|csr>"""
import json, os, resource, sys, time
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from pyg_bench_net import Net  # noqa: E402

torch.set_num_threads(2)
model_type, n, epochs, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
base = os.path.join(os.path.dirname(__file__), "..", "results", f"rgg_{n}")
rowptr = torch.from_numpy(np.fromfile(base + ".rowptr.i32", dtype=np.int32).astype(np.int64))
col = torch.from_numpy(np.fromfile(base + ".col.i32", dtype=np.int32).astype(np.int64))
x = torch.from_numpy(np.fromfile(base + ".x.f32", dtype=np.float32).reshape(n, 8))
y = torch.from_numpy(np.fromfile(base + ".y.i32", dtype=np.int32).astype(np.int64))
# row i of our CSR lists the sources of messages into i: edge (col -> row)
row = torch.repeat_interleave(torch.arange(n), rowptr[1:] - rowptr[:-1])
edge_index = torch.stack([col, row])
if mode == "csr":
    adj = torch.sparse_csr_tensor(rowptr, col, torch.ones(col.numel()), size=(n, n))
    graph = adj
else:
    graph = edge_index

torch.manual_seed(1)
model = Net(model_type)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
times = []
for e in range(epochs + 1):
    t0 = time.perf_counter()
    opt.zero_grad()
    loss = F.cross_entropy(model(x, graph), y)
    loss.backward()
    opt.step()
    if e > 0:
        times.append(time.perf_counter() - t0)
times.sort()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"impl": f"pyg-{mode}", "model": model_type, "nodes": n, "edges": int(col.numel()), "threads": 2,
                  "median_s": times[len(times) // 2], "peak_mb": peak}))
