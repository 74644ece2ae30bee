from .support import certs  # noqa: F401  (session fixture)
