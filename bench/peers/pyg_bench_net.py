"""The two-layer network of the epoch and mini-batch peers, the same as bench/epoch_worker.ts's:
8 features in, 64 hidden (GAT: 4 heads of 16), 5 classes, dropout 0.5 before each layer."""
import torch
import torch.nn.functional as F
from torch_geometric.nn import GATConv, GCNConv, SAGEConv


class Net(torch.nn.Module):
    def __init__(self, model_type):
        super().__init__()
        if model_type == "gcn":
            self.c1, self.c2 = GCNConv(8, 64), GCNConv(64, 5)
        elif model_type == "sage":
            self.c1, self.c2 = SAGEConv(8, 64), SAGEConv(64, 5)
        else:
            self.c1, self.c2 = GATConv(8, 16, heads=4), GATConv(64, 5, heads=1, concat=False)

    def forward(self, x, g):
        x = F.dropout(x, 0.5, self.training)
        x = F.relu(self.c1(x, g))
        x = F.dropout(x, 0.5, self.training)
        return self.c2(x, g)
