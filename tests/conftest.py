"""Shared fixtures (matplotlib figures closed, one local Spark for every Spark test file), and
the Hypothesis profile of CI."""

import os
import sys

import pytest
from hypothesis import settings

# CI draws the same examples every run (a fixed seed per test), so a red build is a change's
# doing, not the luck of the draw; locally each run draws afresh and finds new cases.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test left open (only when pyplot was imported)."""
    yield
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


@pytest.fixture(scope="session")
def spark():
    """One local Spark session for every test file that asks for it (tests/test_spark*.py):
    starting one takes several seconds and a JVM's memory, so the files share it. Each file
    skips itself, before asking for this, without pyspark, Java or with QISTATS_SKIP_SPARK=1."""
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
