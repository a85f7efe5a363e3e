"""Optuna side of the journal interop test.
  read <journal> <study>   print the study as Optuna sees it (JSON); <journal> may be sqlite:///path.db (RDB storage)
  write <journal> <study>  run a small Optuna study (TPE, median pruner) into the journal"""
import json, sys
import optuna
from optuna.storages import JournalStorage
from optuna.storages.journal import JournalFileBackend

optuna.logging.set_verbosity(optuna.logging.WARNING)
mode, path, name = sys.argv[1], sys.argv[2], sys.argv[3]
storage = path if path.startswith("sqlite:///") else JournalStorage(JournalFileBackend(path))

if mode == "write":
    study = optuna.create_study(study_name=name, storage=storage, direction="minimize",
                                sampler=optuna.samplers.TPESampler(seed=0, n_startup_trials=3),
                                pruner=optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=1))
    def objective(trial):
        x = trial.suggest_float("x", -3, 3)
        lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
        n = trial.suggest_int("n", 1, 9, step=2)
        kind = trial.suggest_categorical("kind", ["a", "b"])
        for step in range(4):
            v = (x - 1) ** 2 + abs(n - 5) + (0 if kind == "a" else 1) + 1.0 / (step + 1)
            trial.report(v, step)
            if trial.should_prune():
                raise optuna.TrialPruned()
        return v + lr
    study.optimize(objective, n_trials=10)

study = optuna.load_study(study_name=name, storage=storage)
print(json.dumps([{"number": t.number, "state": t.state.name, "params": t.params, "values": t.values,
                   "intermediate": {str(k): v for k, v in sorted(t.intermediate_values.items())},
                   "user_attrs": t.user_attrs} for t in study.trials]))
