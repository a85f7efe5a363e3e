"""Writes fixtures/optim_torch_reference.json: a few steps of torch.optim.{SGD,Adam,AdamW,Adamax}
on a fixed quadratic-plus-sine loss, in float64. The TypeScript optimisers are tested against it.
Run: python3 bench/peers/optim_reference.py"""
import json, math, torch

torch.set_default_dtype(torch.float64)
w0 = [0.5, -1.25, 2.0, 0.1]
target = [1.0, 0.0, -1.0, 0.3]

def loss_fn(w):
    t = torch.tensor(target)
    return ((w - t) ** 2).sum() + torch.sin(3 * w).sum()

configs = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, weight_decay=0.01),
    "sgd_nesterov": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True),
    "adam": lambda p: torch.optim.Adam(p, lr=0.1, weight_decay=0.01),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.1, weight_decay=0.05),
    "adamax": lambda p: torch.optim.Adamax(p, lr=0.1, weight_decay=0.01),
}
out = {"w0": w0, "target": target, "steps": 6, "trajectories": {}}
for name, make in configs.items():
    w = torch.tensor(w0, requires_grad=True)
    opt = make([w])
    traj = []
    for _ in range(out["steps"]):
        opt.zero_grad()
        loss_fn(w).backward()
        opt.step()
        traj.append(w.detach().tolist())
    out["trajectories"][name] = traj
out["torch_version"] = torch.__version__
with open("fixtures/optim_torch_reference.json", "w") as f:
    json.dump(out, f, indent=1)
print("wrote fixtures/optim_torch_reference.json")
