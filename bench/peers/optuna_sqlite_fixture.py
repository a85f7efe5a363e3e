"""Writes fixtures/optuna/older_tool.db: a study as the older Python tool kept them (Optuna's RDB
storage on SQLite, out/{name}/{name}.db), for the test that geo-graphnet continues it and Optuna
reads it back. Six trials over the search space of test/study/sqlite_storage.test.ts: complete,
pruned (with intermediate values) and failed, a user attribute on the study and on a trial.
The objective is a stand-in (no training), deterministic for the sampler's seed.
Usage: python3 bench/peers/optuna_sqlite_fixture.py fixtures/optuna/older_tool.db"""
import math, os, sys
import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)
path = sys.argv[1]
if os.path.exists(path):
    os.remove(path)
study = optuna.create_study(study_name="older_tool", storage=f"sqlite:///{path}", direction="maximize",
                            sampler=optuna.samplers.TPESampler(seed=0, n_startup_trials=3),
                            pruner=optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=1))
study.set_user_attr("tool", "older python tool")


def objective(trial):
    kind = trial.suggest_categorical("model.type", ["gcn", "sage"])
    hidden = trial.suggest_int("model.hidden", 4, 32, log=True)
    lr = trial.suggest_float("method.lr", 0.005, 0.05, log=True)
    trial.set_user_attr("epochs_run", 4)
    if trial.number == 4:
        raise RuntimeError("out of memory (a failed trial)")
    base = 0.5 + 0.1 * (kind == "sage") + 0.05 * math.log2(hidden) / 5 - abs(math.log10(lr) + 1.7) / 10
    for step in range(4):
        v = base * (1 - 0.5 ** (step + 1))
        trial.report(v, step)
        if trial.should_prune():
            raise optuna.TrialPruned()
    return v


study.optimize(objective, n_trials=6, catch=(RuntimeError,))
print({t.number: t.state.name for t in study.trials})
