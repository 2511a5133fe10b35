class Variable:
    """No Variables are set: every get returns its default."""

    @staticmethod
    def get(key, default_var=None):
        return default_var
