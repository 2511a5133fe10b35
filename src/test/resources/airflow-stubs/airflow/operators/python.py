import airflow


class PythonOperator:
    def __init__(self, task_id, python_callable, op_kwargs=None, **kwargs):
        self.task_id = task_id
        self.python_callable = python_callable
        self.op_kwargs = op_kwargs or {}
        self.kwargs = kwargs
        airflow._current[-1].tasks.append(self)
