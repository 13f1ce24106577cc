"""Settings for the benchmarks: the normal settings (BAOVE_DEMO set by bench.sh) with the synth app."""

from baove.settings import *  # noqa: F403

if "synth" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "synth"]  # noqa: F405
