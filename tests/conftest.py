"""Shared fixtures (matplotlib figures closed, one local Spark for every Spark test file), the
skips and warning filters of every Spark test file, and the Hypothesis profile of CI."""

import importlib.util
import os
import shutil
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import settings

# CI draws the same examples every run (a fixed seed per test), so a red build is a change's
# doing, not the luck of the draw; locally each run draws afresh and finds new cases.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


#: The Spark test files (tests/test_spark*.py): skipped together, with the same filters
SPARK_FILES = "test_spark"
#: pyspark's own warnings outside qistats' calls (createDataFrame, toPandas; its pandas-3
#: FutureWarning, its deprecations): not ours
SPARK_FILTERS = (
    "ignore::FutureWarning:pyspark",
    "ignore::DeprecationWarning",
    "ignore::UserWarning:pyspark",
)


def _spark_skip_reason() -> str | None:
    """Why the Spark test files cannot run here (None: they run)."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed"
    if os.environ.get("QISTATS_SKIP_SPARK") == "1":  # local development on a busy machine only
        return "QISTATS_SKIP_SPARK=1"
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")) and not os.environ.get("CI"):
        # Spark's local mode needs a Java runtime; CI (CI=true) has one and must run these
        return "Spark needs Java 17 (no java found); CI runs these"
    return None


def pytest_collection_modifyitems(config, items):
    """Every test of the Spark test files: skipped without pyspark, Java or with
    QISTATS_SKIP_SPARK=1, and with pyspark's own warnings filtered (see :data:`SPARK_FILTERS`).
    The files import pyspark inside their tests only, so that they are collected without it."""
    reason = _spark_skip_reason()
    for item in items:
        if not item.path.name.startswith(SPARK_FILES):
            continue
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=reason))
        for f in SPARK_FILTERS:
            item.add_marker(pytest.mark.filterwarnings(f))


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test left open (only when pyplot was imported)."""
    yield
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


@pytest.fixture(scope="session")
def three_wards() -> pd.DataFrame:
    """Falls and bed days of three wards over 24 months, one measure (the result-table tests)."""
    rng = np.random.default_rng(5)
    months = pd.date_range("2021-01-01", periods=24, freq="MS")
    return pd.DataFrame(
        {
            "measure": "falls",
            "ward": np.repeat(["Ash", "Birch", "Cedar"], 24),
            "month": np.tile(months, 3),
            "falls": rng.poisson(6, 72),
            "bed_days": rng.integers(600, 900, 72),
        }
    )


@pytest.fixture(scope="session")
def spark():
    """One local Spark session for every test file that asks for it (tests/test_spark*.py):
    starting one takes several seconds and a JVM's memory, so the files share it. Their tests
    are skipped, before asking for this, without pyspark, Java or with QISTATS_SKIP_SPARK=1
    (:func:`pytest_collection_modifyitems`)."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("qistats-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
