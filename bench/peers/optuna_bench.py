"""Optuna 5 side of bench/study.bench.ts: the same problems, measurements and settings."""
import json, math, os, tempfile, time, statistics
import optuna
from optuna.storages import JournalStorage
from optuna.storages.journal import JournalFileBackend

optuna.logging.set_verbosity(optuna.logging.WARNING)

def branin(t):
    x, y = t.suggest_float("x", -5, 10), t.suggest_float("y", 0, 15)
    b, c, s = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - s) * math.cos(x) + 10

H_ALPHA = [1.0, 1.2, 3.0, 3.2]
H_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]

def hartmann6(t):
    x = [t.suggest_float(f"x{j}", 0, 1) for j in range(6)]
    return -sum(a * math.exp(-sum(H_A[i][j] * (x[j] - H_P[i][j] * 1e-4) ** 2 for j in range(6))) for i, a in enumerate(H_ALPHA))

MODEL_COST = {"gcn": 0.5, "sage": 0, "gat": 1, "mlp": 2}

def mixed(t):
    x, n = t.suggest_float("x", -5, 5), t.suggest_int("n", 0, 20)
    lr, model = t.suggest_float("lr", 1e-4, 1, log=True), t.suggest_categorical("model", ["gcn", "sage", "gat", "mlp"])
    return (x - 1.2) ** 2 + 0.3 * (n - 7) ** 2 + (math.log10(lr) + 2) ** 2 + MODEL_COST[model]

def emit(bench, value):
    print(json.dumps({"impl": "optuna", "bench": bench, "value": value}), flush=True)

for name, f in (("branin", branin), ("hartmann6", hartmann6), ("mixed", mixed)):
    for multivariate in (False, True):
        bests = []
        for seed in range(20):
            st = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed, multivariate=multivariate))
            st.optimize(f, n_trials=100)
            bests.append(st.best_value)
        emit(f"{name} {'multivariate' if multivariate else 'univariate'}", statistics.median(bests))

st = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=1, multivariate=False))  # as ours in this measurement
st.optimize(branin, n_trials=1000)
t0 = time.perf_counter()
st.optimize(branin, n_trials=20)
emit("seconds per trial with 1000 finished", (time.perf_counter() - t0) / 20)

d = tempfile.mkdtemp()
storage = JournalStorage(JournalFileBackend(os.path.join(d, "j.log")))
st = optuna.create_study(storage=storage, sampler=optuna.samplers.RandomSampler(seed=0))
def reporting(trial):
    trial.suggest_float("x", -5, 10); trial.suggest_float("y", 0, 15)
    for k in range(50):
        trial.report(k, k)
    return 0.0
t1 = time.perf_counter()
st.optimize(reporting, n_trials=200)
emit("journal seconds for 200 trials x 50 reports", time.perf_counter() - t1)
