class AirflowException(Exception):
    """Airflow retries a task that raises this (up to its retries)."""


class AirflowFailException(AirflowException):
    """Airflow fails a task that raises this without retrying it."""
