"""Gradient-boosted trees for bench/real/well_logs.ts: for each task column t<k> (train/test/empty),
fit scikit-learn's HistGradientBoostingClassifier (missing values handled natively) on the train
rows and predict the test rows. Writes a JSON list of prediction lists, one per task.
Usage: python3 bench/peers/tree_baseline.py <samples.csv> <out.json>"""
import csv, json, sys
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

with open(sys.argv[1]) as f:
    rows = list(csv.reader(f))
head = rows[0]
fi = [i for i, h in enumerate(head) if h.startswith("f")]
li = head.index("label")
ti = [i for i, h in enumerate(head) if h.startswith("t")]
X = np.array([[float(r[i]) if r[i] != "" else np.nan for i in fi] for r in rows[1:]])
y = np.array([int(r[li]) for r in rows[1:]])
out = []
for t in ti:
    role = np.array([r[t] for r in rows[1:]])
    # a log absent from every training well carries nothing (and the binner rejects it)
    cols = ~np.all(np.isnan(X[role == "train"]), axis=0)
    clf = HistGradientBoostingClassifier(random_state=0, max_iter=200, learning_rate=0.1)
    clf.fit(X[role == "train"][:, cols], y[role == "train"])
    out.append([int(v) for v in clf.predict(X[role == "test"][:, cols])])
with open(sys.argv[2], "w") as f:
    json.dump(out, f)
