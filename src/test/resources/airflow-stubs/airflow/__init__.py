"""Stand-ins for the few Airflow names the example DAG imports (Airflow is not installed in tests).

DAG records the tasks made inside its `with` block; operators record their arguments.
"""
_current = []


class DAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = []

    def __enter__(self):
        _current.append(self)
        return self

    def __exit__(self, *exc):
        _current.pop()
        return False
