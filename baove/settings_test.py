"""Settings for the test suite: the normal settings with BAOVE_TESTING on."""

import os
import tempfile

os.environ["BAOVE_TESTING"] = "1"
# Uploaded (sealed) files and demo secrets of a test run go to a throwaway folder.
os.environ.setdefault("BAOVE_DATA_DIR", tempfile.mkdtemp(prefix="baove-test-"))

from baove.settings import *  # noqa: E402, F403
