"""Exceptions raised by the engine."""


class DataError(ValueError):
    """A dataset or file is unusable.

    The message names the file, the 1-based line and column where they apply,
    and what is wrong.
    """
