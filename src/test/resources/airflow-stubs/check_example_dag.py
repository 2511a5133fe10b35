"""Loads the example DAG with the stubbed Airflow and checks what it would run; prints OK.

Usage: PYTHONPATH=<this folder> python3 check_example_dag.py PATH/TO/tensorpool_daily.py
"""
import importlib.util
import sys
from types import SimpleNamespace

from airflow.exceptions import AirflowException, AirflowFailException

spec = importlib.util.spec_from_file_location("tensorpool_daily", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)

dag = module.dag
assert dag.dag_id == "tensorpool_daily", dag.dag_id
assert dag.kwargs["schedule"] == "@daily", dag.kwargs
assert dag.kwargs["max_active_runs"] == 1, dag.kwargs
assert [t.task_id for t in dag.tasks] == ["pool_images"], dag.tasks
task = dag.tasks[0]
assert task.op_kwargs == {"ds": "{{ ds }}"}, task.op_kwargs

command = module.tensorpool_command("2026-12-03")
expected = [
    "/opt/tensorpool/scripts/submit.sh", "--master", "yarn", "--", "run",
    "--config", "/opt/tensorpool/conf/textbook-maxpool3-pad1-stride2.yaml",
    "--input", "hdfs:///data/images/date=2026-12-03",
    "--output", "hdfs:///data/pooled/date=2026-12-03",
    "--mode", "append", "--set", "input.incremental=true",
]
assert command == expected, command


def ran_with(code):
    seen = []

    def run(cmd):
        seen.append(cmd)
        return SimpleNamespace(returncode=code)
    return run, seen


for code, raised in [(0, None), (1, AirflowException), (2, AirflowFailException), (3, AirflowFailException),
                     (137, AirflowException)]:
    run, seen = ran_with(code)
    try:
        task.python_callable(ds="2026-12-03", run=run)
        got = None
    except AirflowException as e:
        got = type(e)
        assert str(code) in str(e), e
    assert got is raised, (code, got, raised)
    assert seen == [expected], seen
print("OK")
