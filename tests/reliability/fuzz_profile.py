"""The reliability suite's hypothesis profile: one place for every fuzz test's budget.

Fuzz tests take their example counts from one profile so the whole suite stays
quick on a 2-core CI runner. ``PV_FUZZ=deep`` multiplies every count by 20 and
draws fresh random examples (the default profile is derandomized, so CI runs
are repeatable).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = dict(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
    print_blob=True,
)
settings.register_profile("reliability", derandomize=True, **_COMMON)
settings.register_profile("reliability-deep", derandomize=False, **_COMMON)
PROFILE = "reliability-deep" if os.environ.get("PV_FUZZ") == "deep" else "reliability"
SCALE = 20 if PROFILE == "reliability-deep" else 1


def fuzz(examples: int) -> settings:
    """Settings for one fuzz test: the suite's profile with ``examples`` examples."""
    return settings(settings.get_profile(PROFILE), max_examples=examples * SCALE)
