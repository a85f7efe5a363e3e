"""Optuna 5 side of bench/study.bench.ts: same three measurements, same settings."""
import json, math, os, tempfile, time, statistics
import optuna
from optuna.storages import JournalStorage
from optuna.storages.journal import JournalFileBackend

optuna.logging.set_verbosity(optuna.logging.WARNING)

def branin(x, y):
    a, b, c, r, s, t = 1, 5.1 / (4 * math.pi ** 2), 5 / math.pi, 6, 10, 1 / (8 * math.pi)
    return a * (y - b * x * x + c * x - r) ** 2 + s * (1 - t) * math.cos(x) + s

def objective(trial):
    return branin(trial.suggest_float("x", -5, 10), trial.suggest_float("y", 0, 15))

for multivariate in (False, True):
    bests = []
    for seed in range(20):
        st = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed, multivariate=multivariate))
        st.optimize(objective, n_trials=100)
        bests.append(st.best_value)
    label = "branin median best (100 trials, 20 seeds)" + (", multivariate" if multivariate else "")
    print(json.dumps({"impl": "optuna", "bench": label, "value": statistics.median(bests)}))

st = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=1))
st.optimize(objective, n_trials=1000)
t0 = time.perf_counter()
st.optimize(objective, n_trials=10)
print(json.dumps({"impl": "optuna", "bench": "seconds per trial with 1000 finished", "value": (time.perf_counter() - t0) / 10}))

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
print(json.dumps({"impl": "optuna", "bench": "journal seconds for 200 trials x 50 reports", "value": time.perf_counter() - t1}))
