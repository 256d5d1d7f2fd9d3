"""Example data: deterministic synthetic generators, and one small real data set.

The generators draw from a seeded :func:`numpy.random.default_rng`, so the same arguments always
give the same data on every machine. :func:`ae_attendances` reads a CSV shipped inside the
package (``qistats/data``); nothing is fetched from the network.
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

from .errors import ArgumentError

TRUSTS = (
    "Ashford Vale",
    "Brindley",
    "Castlemere",
    "Dunholme",
    "Eastbrook",
    "Fenwick",
    "Greystone",
    "Harrowfield",
    "Ivydale",
    "Kingsmead",
    "Longridge",
)


def restrictive_practice(
    n_trusts: int = 11,
    n_months: int = 48,
    start: str = "2020-04-01",
    seed: int = 2024,
) -> pd.DataFrame:
    """Monthly restrictive interventions on mental-health inpatient wards (synthetic).

    Shaped like a regional collaborative's data: ``n_trusts`` trusts, each with three to six
    wards, ``n_months`` months from ``start``. Occupied bed days come from each ward's beds and
    occupancy; restrictive interventions are Poisson with a ward-specific rate (about 4 to 40 per
    1,000 occupied bed days). About two wards in five start an improvement programme in a month
    between the 19th and the 31st, after which their rate falls by 30–60 %, gradually over three
    months.

    Parameters
    ----------
    n_trusts : int, default 11
        Number of trusts (at most 11).
    n_months : int, default 48
        Number of months per ward.
    start : str, default "2020-04-01"
        First month.
    seed : int, default 2024
        Seed of the random generator.

    Returns
    -------
    pandas.DataFrame
        One row per ward and month: ``trust``, ``ward``, ``month`` (first day of the month),
        ``restraints`` (count), ``bed_days`` (occupied bed days), ``intervention`` (True from
        the ward's intervention month on; False throughout for wards without one).

    Examples
    --------
    >>> from qistats import datasets
    >>> df = datasets.restrictive_practice()
    >>> df.shape
    (2352, 6)
    >>> bool(df.groupby("trust").ward.nunique().between(3, 6).all())
    True
    """
    if not 1 <= n_trusts <= len(TRUSTS):
        raise ArgumentError(f"n_trusts={n_trusts}: expected 1 to {len(TRUSTS)}.")
    if n_months < 1:
        raise ArgumentError(f"n_months={n_months}: expected at least 1.")
    rng = np.random.default_rng(seed)
    wards_per_trust = rng.integers(3, 7, size=n_trusts)
    n_wards = int(wards_per_trust.sum())
    trust = np.repeat(np.array(TRUSTS[:n_trusts], dtype=object), wards_per_trust)
    ward_no = np.concatenate([np.arange(1, k + 1) for k in wards_per_trust])
    ward = np.char.add(np.char.upper(trust.astype("U3")), ward_no.astype("U1")).astype(object)

    beds = rng.integers(12, 26, size=n_wards)
    base_rate = np.exp(rng.normal(np.log(12.0), 0.6, size=n_wards)).clip(4, 40)
    has_programme = rng.random(n_wards) < 0.4
    start_month = rng.integers(18, 31, size=n_wards)
    drop = rng.uniform(0.3, 0.6, size=n_wards)

    months = pd.date_range(start, periods=n_months, freq="MS")
    days = months.days_in_month.to_numpy()
    t = np.arange(n_months)
    occupancy = rng.uniform(0.82, 0.99, size=(n_wards, n_months))
    bed_days = np.round(beds[:, None] * days[None, :] * occupancy).astype(np.int64)
    ramp = np.clip((t[None, :] - start_month[:, None] + 1) / 3.0, 0.0, 1.0)
    ramp *= has_programme[:, None]
    rate = base_rate[:, None] * (1.0 - drop[:, None] * ramp)
    restraints = rng.poisson(rate * bed_days / 1000.0)
    intervention = has_programme[:, None] & (t[None, :] >= start_month[:, None])

    return pd.DataFrame(
        {
            "trust": np.repeat(trust, n_months),
            "ward": np.repeat(ward, n_months),
            "month": np.tile(months.to_numpy(), n_wards),
            "restraints": restraints.ravel(),
            "bed_days": bed_days.ravel(),
            "intervention": intervention.ravel(),
        }
    )


def sexual_safety(
    n_trusts: int = 11, n_months: int = 36, start: str = "2021-04-01", seed: int = 2025
) -> pd.DataFrame:
    """Monthly patient survey: "I felt sexually safe on the ward" (synthetic).

    Each trust asks 30 to 80 inpatients a month; about 55–75 % say they felt safe at first. In
    about half of the trusts, a sexual-safety programme from a month between the 13th and the
    20th closes a third to a half of the gap to 100 %, over four months.

    Parameters
    ----------
    n_trusts : int, default 11
        Number of trusts (at most 11).
    n_months : int, default 36
        Number of months per trust.
    start : str, default "2021-04-01"
        First month.
    seed : int, default 2025
        Seed of the random generator.

    Returns
    -------
    pandas.DataFrame
        One row per trust and month: ``trust``, ``month``, ``felt_safe``, ``asked``,
        ``programme`` (True from the trust's programme month on).

    Examples
    --------
    >>> from qistats import datasets
    >>> df = datasets.sexual_safety()
    >>> df.shape, bool((df.felt_safe <= df.asked).all())
    ((396, 5), True)
    """
    if not 1 <= n_trusts <= len(TRUSTS):
        raise ArgumentError(f"n_trusts={n_trusts}: expected 1 to {len(TRUSTS)}.")
    rng = np.random.default_rng(seed)
    months = pd.date_range(start, periods=n_months, freq="MS")
    t = np.arange(n_months)
    base = rng.uniform(0.55, 0.75, size=n_trusts)
    has = rng.random(n_trusts) < 0.5
    begin = rng.integers(12, 20, size=n_trusts)
    close = rng.uniform(1 / 3, 0.5, size=n_trusts)
    ramp = np.clip((t[None, :] - begin[:, None] + 1) / 4.0, 0, 1) * has[:, None]
    p = 1 - (1 - base[:, None]) * (1 - close[:, None] * ramp)
    asked = rng.integers(30, 81, size=(n_trusts, n_months))
    safe = rng.binomial(asked, p)
    return pd.DataFrame(
        {
            "trust": np.repeat(np.array(TRUSTS[:n_trusts], dtype=object), n_months),
            "month": np.tile(months.to_numpy(), n_trusts),
            "felt_safe": safe.ravel(),
            "asked": asked.ravel(),
            "programme": (has[:, None] & (t[None, :] >= begin[:, None])).ravel(),
        }
    )


def incidents(n: int = 45, start: str = "2019-01-01", seed: int = 5) -> pd.DataFrame:
    """Dates of serious self-harm incidents on a set of wards, one row per event (synthetic).

    Events arrive about every 30 days for the first 25, then about every 90 days (a real
    improvement). Each row has the admissions since the previous incident.

    Parameters
    ----------
    n : int, default 45
        Number of incidents.
    start : str, default "2019-01-01"
        The date before the first incident.
    seed : int, default 5
        Seed of the random generator.

    Returns
    -------
    pandas.DataFrame
        ``date``, ``days_since`` (days since the previous incident; missing for the first) and
        ``admissions_since`` (admissions since the previous incident).

    Examples
    --------
    >>> from qistats import datasets
    >>> datasets.incidents().shape
    (45, 3)
    """
    rng = np.random.default_rng(seed)
    mean_gap = np.where(np.arange(n) < 25, 30.0, 90.0)
    gaps = np.maximum(1, np.round(rng.exponential(mean_gap))).astype(int)
    dates = pd.Timestamp(start) + pd.to_timedelta(np.cumsum(gaps), unit="D")
    days = np.r_[np.nan, np.diff(dates.to_numpy()).astype("timedelta64[D]").astype(float)]
    admissions = rng.poisson(np.nan_to_num(days, nan=30.0) * 1.6).astype(float)
    admissions[0] = np.nan  # nothing is known before the first incident
    return pd.DataFrame({"date": dates, "days_since": days, "admissions_since": admissions})


def ae_attendances() -> pd.DataFrame:
    """Type 1 A&E attendances and four-hour breaches, April 2016 – March 2019 (real, open data).

    NHS England's monthly A&E statistics for major (type 1) emergency departments, as published
    in the NHS-R Community's NHSRdatasets ``ae_attendances`` (0.3.3; Open Government Licence,
    released there under CC0): England as a whole (all type 1 departments summed) and four
    trusts (RAS, RJC, RJZ, RR1; RR1 has 27 months). Read from the CSV bundled with qistats
    (package data), the same values NHSRplotthedots' reference outputs were computed from.

    Returns
    -------
    pandas.DataFrame
        One row per organisation and month: ``month`` (first day of the month), ``org_code``
        (``"England"`` or the trust's code), ``attendances``, ``breaches`` (patients who spent
        more than four hours from arrival to admission, transfer or discharge) and
        ``admissions`` (emergency admissions via type 1 A&E).

    Examples
    --------
    >>> from qistats import datasets
    >>> ae = datasets.ae_attendances()
    >>> ae.groupby("org_code").month.count().to_dict()
    {'England': 36, 'RAS': 36, 'RJC': 36, 'RJZ': 36, 'RR1': 27}
    >>> eng = ae[ae.org_code == "England"]
    >>> float(round(100 * (1 - eng.breaches.sum() / eng.attendances.sum()), 1))  # % in 4 h
    82.5
    """
    with resources.files(__package__).joinpath("data/ae_attendances.csv").open("rb") as f:
        df = pd.read_csv(f, parse_dates=["month"], dtype={"org_code": object})
    return df


__all__ = ["ae_attendances", "incidents", "restrictive_practice", "sexual_safety"]
