"""PyTorch Geometric mini-batch training with neighbour sampling on the same graph files as
bench/minibatch_worker.ts; prints one JSON line: median seconds per batch for sampling and for the
step (forward over the sampled subgraph, backward, Adam), their sum, peak RSS and which sampler ran.
Usage: python3 bench/peers/pyg_minibatch.py <sage|gcn|gat> <nodes> <batches> [batch_size] [fanout, e.g. 10,10]

The sampler is PyG's NeighborLoader when pyg-lib or torch-sparse is importable (PyG has no sampler
without one of them); otherwise the same uniform sampling without replacement written with torch
tensor ops (random keys sorted within each node's edges), building the subgraph as NeighborLoader
does: the seeds first, nodes relabelled in order of discovery, the convolutions run over the whole
sampled subgraph and the loss read on the seeds."""
import json, os, resource, sys, time
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from pyg_bench_net import Net  # noqa: E402
from torch_geometric.typing import WITH_PYG_LIB, WITH_TORCH_SPARSE

torch.set_num_threads(2)
model_type, n, batches = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
batch_size = int(sys.argv[4]) if len(sys.argv) > 4 else 4096
fanout = [int(f) for f in (sys.argv[5] if len(sys.argv) > 5 else "10,10").split(",")]
base = os.path.join(os.path.dirname(__file__), "..", "results", f"rgg_{n}")
rowptr = torch.from_numpy(np.fromfile(base + ".rowptr.i32", dtype=np.int32).astype(np.int64))
col = torch.from_numpy(np.fromfile(base + ".col.i32", dtype=np.int32).astype(np.int64))
x = torch.from_numpy(np.fromfile(base + ".x.f32", dtype=np.float32).reshape(n, 8))
y = torch.from_numpy(np.fromfile(base + ".y.i32", dtype=np.int32).astype(np.int64))


gen = torch.Generator().manual_seed(0)
local = torch.full((n,), -1, dtype=torch.long)


def torch_sample(seeds):
    """Uniform neighbours without replacement, hop by hop; returns (node ids, edge_index local)."""
    nodes = seeds
    local[nodes] = torch.arange(nodes.numel())
    frontier = nodes
    srcs, dsts = [], []
    for k in fanout:
        start, deg = rowptr[frontier], rowptr[frontier + 1] - rowptr[frontier]
        seg = torch.repeat_interleave(torch.arange(frontier.numel()), deg)
        first = torch.repeat_interleave(torch.cumsum(deg, 0) - deg, deg)
        pos = torch.arange(seg.numel()) - first
        order = torch.argsort(seg.double() + torch.rand(seg.numel(), generator=gen, dtype=torch.float64))
        keep = order[pos < k]  # after sorting, pos counts places within each node's shuffled edges
        nbr = col[start[seg[keep]] + pos[keep]]
        fresh = torch.unique(nbr[local[nbr] < 0])
        local[fresh] = torch.arange(nodes.numel(), nodes.numel() + fresh.numel())
        nodes = torch.cat([nodes, fresh])
        srcs.append(local[nbr])
        dsts.append(local[frontier[seg[keep]]])
        frontier = fresh
    local[nodes] = -1
    return nodes, torch.stack([torch.cat(srcs), torch.cat(dsts)])


if WITH_PYG_LIB or WITH_TORCH_SPARSE:
    from torch_geometric.data import Data
    from torch_geometric.loader import NeighborLoader
    row = torch.repeat_interleave(torch.arange(n), rowptr[1:] - rowptr[:-1])
    data = Data(x=x, y=y, edge_index=torch.stack([col, row]), num_nodes=n)
    loader = iter(NeighborLoader(data, num_neighbors=fanout, batch_size=batch_size, shuffle=True))
    sampler = "NeighborLoader (" + ("pyg-lib" if WITH_PYG_LIB else "torch-sparse") + ")"

    def next_batch(_):
        b = next(loader)
        return b.n_id, b.edge_index
else:
    perm = torch.randperm(n, generator=gen)
    sampler = "torch ops (no pyg-lib or torch-sparse here)"

    def next_batch(b):
        return torch_sample(perm[b * batch_size:(b + 1) * batch_size])

model = Net(model_type)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
model.train()
sample_t, step_t = [], []
for b in range(batches + 2):
    t0 = time.perf_counter()
    nodes, ei = next_batch(b)
    xb = x[nodes]
    t1 = time.perf_counter()
    opt.zero_grad()
    out = model(xb, ei)[:batch_size]
    F.cross_entropy(out, y[nodes[:batch_size]]).backward()
    opt.step()
    t2 = time.perf_counter()
    if b >= 2:
        sample_t.append(t1 - t0)
        step_t.append(t2 - t1)
med = lambda a: sorted(a)[len(a) // 2]
tot = [s + t for s, t in zip(sample_t, step_t)]
print(json.dumps({"sample": med(sample_t), "step": med(step_t), "batch": med(tot), "peakMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "sampler": sampler}))
