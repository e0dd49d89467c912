"""scripts/audit.py: the CPU slowdown calibrated to this host, as Lighthouse's docs ask for a host off its range."""

from __future__ import annotations

import pytest

from scripts.audit import GOALS, LIGHTHOUSE_SLOWDOWN, cpu_slowdown_for


@pytest.mark.parametrize(
    ("benchmark", "slowdown"), [(150, 1.0), (800, 2.0), (1050, 2.5), (1300, 3.0), (1533, 4.0), (2000, 6.0)]
)
def test_slowdown_follows_the_lighthouse_calculator(benchmark, slowdown):
    assert cpu_slowdown_for(benchmark) == pytest.approx(slowdown, abs=0.01)


def test_lighthouse_default_is_the_slowdown_of_its_reference_host_and_slower_hosts_get_less():
    assert cpu_slowdown_for(1533) == pytest.approx(LIGHTHOUSE_SLOWDOWN, abs=0.01)
    assert cpu_slowdown_for(60) == 1.0  # never faster than the host itself
    assert all(cpu_slowdown_for(b) < cpu_slowdown_for(b + 50) for b in range(150, 2500, 50))


def test_the_goals_are_the_issues():
    assert GOALS == {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
