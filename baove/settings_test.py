"""Settings for the test suite: the normal settings with BAOVE_TESTING on."""

import os

os.environ["BAOVE_TESTING"] = "1"

from baove.settings import *  # noqa: E402, F403
