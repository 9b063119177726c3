"""Settings for the test suite: the production module, with speed-only overrides.

Transport-security values are set through the same environment variables a
deployment uses, so the code path is the one production runs.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Background jobs run inside the request that enqueues them; tests of the worker path set the database backend.
os.environ.setdefault("TASKS_BACKEND", "immediate")

from bapas.settings import *  # noqa: E402,F403

# Argon2 is deliberately slow; tests only need a hasher that works.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests never run collectstatic; without a root WhiteNoise does not look for one.
STATIC_ROOT = None

# Uploads from tests go to a throw-away folder, never into var/.
import tempfile  # noqa: E402

PRIVATE_FILES_ROOT = Path(tempfile.mkdtemp(prefix="bapas-test-files-"))  # noqa: F405
