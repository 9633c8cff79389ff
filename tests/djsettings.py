"""Test settings: the real settings with a throwaway data dir, fast hashing, memory DB."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("VERBINDING_DATA_DIR", tempfile.mkdtemp(prefix="verbinding-test-"))
os.environ.setdefault("VERBINDING_SECRET_KEY", "only-for-tests-" + "x" * 40)

from verbinding.web.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test database is a real SQLite file with the production options (WAL, IMMEDIATE),
# not ":memory:": the browser tests' live server answers from other threads, and an
# in-memory database shared across threads breaks at teardown.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(os.environ["VERBINDING_DATA_DIR"], "test.sqlite3")
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests serve static files through the finders; no collectstatic run is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
