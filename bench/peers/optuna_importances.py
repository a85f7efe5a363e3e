"""Optuna's parameter importances of a study in a journal, for the study report's test.
  optuna_importances.py <journal> <study>   prints {"fanova": {...}, "version": ...} as JSON: the
  importances of FanovaImportanceEvaluator(seed=0) (Optuna 5's get_param_importances defaults to PED-ANOVA)."""
import json, sys
import optuna
from optuna.storages import JournalStorage
from optuna.storages.journal import JournalFileBackend

optuna.logging.set_verbosity(optuna.logging.WARNING)
path, name = sys.argv[1], sys.argv[2]
study = optuna.load_study(study_name=name, storage=JournalStorage(JournalFileBackend(path)))
fanova = optuna.importance.get_param_importances(study, evaluator=optuna.importance.FanovaImportanceEvaluator(seed=0))
print(json.dumps({"fanova": fanova, "version": optuna.__version__}))
