"""Airflow DAG: pools each day's images with tensorpool, incrementally.

Every day (and on every retry) the task runs scripts/submit.sh over that day's input folder,
<RAW>/date=<ds>, into that day's output, <POOLED>/date=<ds>, with input.incremental and
--mode append: a run pools only the files no earlier run of the day published, as a new batch
folder (tensorpool_batch=N) inside the day's output, so a retry, a late file or a rerun never
pools a record twice, and a retry that overlaps its first attempt is refused (exit 2) rather
than writing twice. Readers of <POOLED> see columns date and tensorpool_batch.

The job's exit codes decide the task's fate (README, "Exit codes"):
  0  success (also "nothing_new": no new file since the last run)
  1  the job failed while running: raised as AirflowException, so Airflow retries it
  2  bad usage, config or paths, or another run is publishing the output: AirflowFailException,
     no retry (a retry cannot fix it)
  3  too many bad records: AirflowFailException, no retry (the data got worse)
spark-submit passes the driver's exit code on in client mode (the default deploy mode), which
this DAG uses.

Set the Airflow Variables tensorpool_home, tensorpool_raw, tensorpool_pooled and
tensorpool_config (or edit the defaults below).
"""
from __future__ import annotations

import subprocess
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.models import Variable
from airflow.operators.python import PythonOperator

DEFAULTS = {
    "tensorpool_home": "/opt/tensorpool",
    "tensorpool_raw": "hdfs:///data/images",
    "tensorpool_pooled": "hdfs:///data/pooled",
    "tensorpool_config": "/opt/tensorpool/conf/textbook-maxpool3-pad1-stride2.yaml",
    "tensorpool_master": "yarn",
}

# What each of the job's exit codes means for the task; any other code (a JVM crash, a signal)
# is treated like 1: retried.
EXIT_CODES = {
    0: "success",
    1: "retry",
    2: "fail",
    3: "fail",
}


def setting(name: str) -> str:
    return Variable.get(name, default_var=DEFAULTS[name])


def tensorpool_command(ds: str) -> list[str]:
    """The command that pools the images of day ds (YYYY-MM-DD) into that day's output."""
    home = setting("tensorpool_home")
    return [
        f"{home}/scripts/submit.sh",
        "--master", setting("tensorpool_master"),
        "--",
        "run",
        "--config", setting("tensorpool_config"),
        "--input", f"{setting('tensorpool_raw')}/date={ds}",
        "--output", f"{setting('tensorpool_pooled')}/date={ds}",
        "--mode", "append",
        "--set", "input.incremental=true",
    ]


def outcome(code: int) -> str:
    return EXIT_CODES.get(code, "retry")


def run_tensorpool(ds: str, run=subprocess.run) -> None:
    """Runs the job for day ds; raises so that Airflow retries (exit 1) or fails for good (2, 3)."""
    command = tensorpool_command(ds)
    code = run(command).returncode
    what = outcome(code)
    if what == "fail":
        raise AirflowFailException(
            f"tensorpool exited {code} for {ds}: not retried (2: usage, config or paths, or another run"
            f" is publishing the output; 3: too many bad records). See the task log: {' '.join(command)}")
    if what == "retry":
        raise AirflowException(f"tensorpool exited {code} for {ds}: the job failed while running; retrying")


with DAG(
    dag_id="tensorpool_daily",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["tensorpool"],
) as dag:
    pool_images = PythonOperator(
        task_id="pool_images",
        python_callable=run_tensorpool,
        op_kwargs={"ds": "{{ ds }}"},
    )
