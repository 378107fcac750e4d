"""`rasd eval` agrees with the reference scorer, and clears the dev floors."""
import json
import subprocess
import sys

import pytest

from conftest import DEV_GOLD


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    if not (DEV_GOLD / "../score.py").exists():
        pytest.skip("shared eval folder not found")
    pred = tmp_path_factory.mktemp("pred")
    out = subprocess.run([sys.executable, "-m", "rasd.cli", "eval", str(DEV_GOLD), "--pred-dir", str(pred),
                          "--json"], capture_output=True, timeout=600)
    assert out.returncode == 0, out.stderr.decode()
    return pred, out.stdout.decode()


def test_agrees_with_reference_scorer(evaluated):
    pred, ours = evaluated
    ref = subprocess.run([sys.executable, str(DEV_GOLD / "../score.py"), str(DEV_GOLD), str(pred), "--json"],
                         capture_output=True, timeout=120)
    assert ref.returncode == 0, ref.stderr.decode()
    assert ours == ref.stdout.decode()


def test_dev_scores(evaluated):
    """The issue's first bar on the dev gold (floors, not targets)."""
    rows = json.loads(evaluated[1].splitlines()[-1])
    print(rows)
    assert rows["times_value_acc"] >= 0.90
    assert rows["entities"] >= 0.60
    assert rows["figures"] >= 0.60
    assert rows["events"] >= 0.40
    assert rows["quotes"] >= 0.40
