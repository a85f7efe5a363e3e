"""Print a study kept in Redis as python Optuna sees it: optuna_redis_read.py <redis-url> <study>

The URL is redis://[user[:password]@]host[:port][/db]: Optuna hands it to redis-py's
Redis.from_url, which takes the user and password from it (AUTH, or AUTH user password for an
ACL user). Nothing here prints the URL.
"""
import json, sys
import optuna
from optuna.storages import JournalStorage
from optuna.storages.journal import JournalRedisBackend

optuna.logging.set_verbosity(optuna.logging.WARNING)
study = optuna.load_study(study_name=sys.argv[2], storage=JournalStorage(JournalRedisBackend(sys.argv[1])))
print(json.dumps([{"number": t.number, "state": t.state.name, "params": t.params, "values": t.values} for t in study.trials]))
