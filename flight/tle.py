"""Two-line element sets: strict reading, SGP4 mean elements, and SGP4 states.

TLE mean elements are SGP4's own (Kozai/Brouwer) and only mean something to SGP4;
feeding them straight into a Keplerian propagator is wrong by kilometres. So two
things are kept apart: the *mean* elements (``mean_elements``: SGP4's Brouwer mean
semi-major axis, eccentricity and angles in TEME, the figures CelesTrak and GCAT
quote), and the *osculating* state SGP4 evaluates at the epoch (``state_teme``,
``state_gcrs``), which is what a propagator starts from.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from astropy import units as u
from astropy.time import Time
from sgp4.api import Satrec

from .errors import TLEError
from .runtime import configure


@dataclass(frozen=True)
class ElementSet:
    name: str
    line1: str
    line2: str
    norad_id: int
    cospar_id: str | None  # "2023-193C"
    epoch: Time
    inclination_deg: float
    raan_deg: float
    eccentricity: float
    arg_perigee_deg: float
    mean_anomaly_deg: float
    mean_motion_rev_day: float
    source_line: int


def checksum(line: str) -> int:
    """Modulo-10 sum of the first 68 columns: digits count, '-' counts 1."""
    return sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line[:68]) % 10


def _check_line(file: str, n: int, line: str, number: str) -> None:
    if len(line) != 69:
        raise TLEError(file, n, f"line {number}", f"has {len(line)} characters, a TLE line has 69")
    if line[0] != number or line[1] != " ":
        raise TLEError(file, n, f"line {number}", f"must start with '{number} '")
    if not line[68].isdigit() or checksum(line) != int(line[68]):
        raise TLEError(file, n, "checksum", f"is {line[68]!r}, the line sums to {checksum(line)}")


def _cospar(line1: str) -> str | None:
    d = line1[9:17].strip()
    if not d:
        return None
    yy, rest = int(d[:2]), d[2:]
    year = 1900 + yy if yy >= 57 else 2000 + yy
    return f"{year}-{rest[:3]}{rest[3:]}"


def parse(text: str, file: str = "<tle>") -> list[ElementSet]:
    """Element sets from text in two-line or three-line (named) form."""
    lines = [(i + 1, ln.rstrip("\r\n").rstrip()) for i, ln in enumerate(text.splitlines())]
    lines = [(n, ln) for n, ln in lines if ln.strip()]
    out: list[ElementSet] = []
    i = 0
    while i < len(lines):
        n, first = lines[i]
        name = ""
        if not first.startswith("1 "):
            if first.startswith("2 "):
                raise TLEError(file, n, "line 1", "line 2 without a line 1 before it")
            name = first.removeprefix("0 ").strip()
            i += 1
            if i >= len(lines):
                raise TLEError(file, n, "line 1", f"'{name}' is not followed by its element lines")
        if i + 1 >= len(lines):
            raise TLEError(file, lines[i][0], "line 2", "missing (file truncated?)")
        (n1, l1), (n2, l2) = lines[i], lines[i + 1]
        _check_line(file, n1, l1, "1")
        _check_line(file, n2, l2, "2")
        if l1[2:7] != l2[2:7]:
            raise TLEError(file, n2, "catalog number", f"line 2 has {l2[2:7]}, line 1 {l1[2:7]}")
        sat = Satrec.twoline2rv(l1, l2)
        if sat.error:
            raise TLEError(file, n1, "elements", f"SGP4 rejects them (error {sat.error})")
        epoch = Time(sat.jdsatepoch, sat.jdsatepochF, format="jd", scale="utc")
        try:
            ecc = float("0." + l2[26:33].strip())
            values = [
                float(l2[8:16]),
                float(l2[17:25]),
                float(l2[34:42]),
                float(l2[43:51]),
                float(l2[52:63]),
            ]
        except ValueError:
            raise TLEError(file, n2, "elements", "columns are not numbers") from None
        inc, raan, argp, mean_anom, mm = values
        if not (0 <= inc <= 180):
            raise TLEError(file, n2, "inclination", f"{inc} deg is outside 0 to 180")
        if mm <= 0:
            raise TLEError(file, n2, "mean motion", f"{mm} rev/day is not positive")
        out.append(
            ElementSet(
                name or f"NORAD {sat.satnum}",
                l1,
                l2,
                int(sat.satnum),
                _cospar(l1),
                epoch,
                inc,
                raan,
                ecc,
                argp,
                mean_anom,
                mm,
                n1,
            )
        )
        i += 2
    return out


def read(path: Path | str) -> list[ElementSet]:
    path = Path(path)
    try:
        text = path.read_bytes().decode("ascii")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise TLEError(str(path), line, "text", "not ASCII: TLE files are plain ASCII") from None
    sets = parse(text, str(path))
    if not sets:
        raise TLEError(str(path), 1, "file", "holds no element sets")
    return sets


def mean_elements(es: ElementSet) -> tuple[float, float, float, float, float, float]:
    """SGP4's mean elements at the set's epoch in TEME: Brouwer mean semi-major axis (km,
    from the un-Kozai'd mean motion on WGS-72's radius, as SGP4 uses), e, i, node,
    argument of perigee and mean anomaly (rad)."""
    sat = Satrec.twoline2rv(es.line1, es.line2)
    return (
        sat.a * sat.radiusearthkm,
        sat.ecco,
        sat.inclo,
        sat.nodeo,
        sat.argpo,
        sat.mo,
    )


def epoch_as_written(es: ElementSet) -> dt.datetime:
    """The set's epoch to the microsecond (a TLE writes it to 1e-8 day, 0.86 ms)."""
    year, day = int(es.line1[18:20]), float(es.line1[20:32])
    year += 1900 if year >= 57 else 2000
    start = dt.datetime(year, 1, 1)
    return start + dt.timedelta(microseconds=round((day - 1.0) * 86_400e6))


def state_teme(es: ElementSet, epoch: Time | None = None) -> tuple[np.ndarray, np.ndarray]:
    """SGP4's osculating state at ``epoch`` (default: the set's own) in TEME, km and km/s."""
    epoch = es.epoch if epoch is None else epoch
    sat = Satrec.twoline2rv(es.line1, es.line2)
    err, r, v = sat.sgp4(epoch.utc.jd1, epoch.utc.jd2)
    if err:
        where, what = f"NORAD {es.norad_id}", f"SGP4 error {err} at {epoch.utc.iso}"
        raise TLEError(where, es.source_line, "epoch", what)
    return np.array(r), np.array(v)


def state_gcrs(es: ElementSet, epoch: Time | None = None) -> tuple[np.ndarray, np.ndarray, Time]:
    """SGP4 state at ``epoch`` (default: the set's own) in GCRS, km and km/s."""
    configure()  # offline IERS before the frame rotation
    epoch = es.epoch if epoch is None else epoch
    sat = Satrec.twoline2rv(es.line1, es.line2)
    jd1, jd2 = epoch.utc.jd1, epoch.utc.jd2
    err, r, v = sat.sgp4(jd1, jd2)
    if err:
        where, what = f"NORAD {es.norad_id}", f"SGP4 error {err} at {epoch.utc.iso}"
        raise TLEError(where, es.source_line, "epoch", what)
    from astropy.coordinates import GCRS, TEME, CartesianDifferential, CartesianRepresentation

    teme = TEME(
        CartesianRepresentation(
            np.array(r) * u.km, differentials=CartesianDifferential(np.array(v) * u.km / u.s)
        ),
        obstime=epoch,
    )
    g = teme.transform_to(GCRS(obstime=epoch))
    rg = g.cartesian.xyz.to_value(u.km)
    vg = g.cartesian.differentials["s"].d_xyz.to_value(u.km / u.s)
    return rg, vg, epoch


def sgp4_mean_from_state(
    r_teme: np.ndarray, v_teme: np.ndarray, epoch: Time
) -> tuple[float, float, float, float, float, float]:
    """The SGP4 mean elements (as ``mean_elements``: a km, e, i, node, argument of perigee,
    mean anomaly, rad) whose SGP4 state at ``epoch`` is the given TEME state, no drag term:
    what an element set of this state would say, so that a simulated orbit can be compared
    with real element sets like with like. Newton's method on SGP4 itself, in
    non-singular elements (mean motion, e cos w, e sin w, i, node, mean longitude)."""
    from sgp4.api import WGS72

    from .constants import MU_EARTH_KM3_S2
    from .core import nu_to_M, rv_to_elements

    r_teme, v_teme = np.asarray(r_teme, float), np.asarray(v_teme, float)
    a, e, inc, raan, argp, nu = rv_to_elements(MU_EARTH_KM3_S2, r_teme, v_teme)
    mean = nu_to_M(nu, e)
    x = np.array([
        math.sqrt(MU_EARTH_KM3_S2 / a**3) * 60.0, e * math.cos(argp), e * math.sin(argp),
        inc, raan, mean + argp,
    ])  # fmt: skip
    want = np.concatenate([r_teme, v_teme])
    scale = np.array([1.0, 1.0, 1.0, 1e3, 1e3, 1e3])  # km against km/s
    jd = epoch.utc.jd1 + epoch.utc.jd2 - 2433281.5

    def satellite(x: np.ndarray) -> Satrec:
        ecc, w = math.hypot(x[1], x[2]), math.atan2(x[2], x[1])
        sat = Satrec()
        sat.sgp4init(
            WGS72, "i", 0, jd, 0.0, 0.0, 0.0, ecc, w, x[3], (x[5] - w) % (2 * math.pi),
            x[0], x[4] % (2 * math.pi),
        )  # fmt: skip
        return sat

    def state(x: np.ndarray) -> np.ndarray:
        err, r, v = satellite(x).sgp4_tsince(0.0)
        if err:
            raise TLEError("state", 0, "elements", f"SGP4 error {err} fitting mean elements")
        return np.concatenate([r, v])

    for _ in range(20):
        resid = (state(x) - want) * scale
        if np.max(np.abs(resid)) < 1e-6:
            break
        jac = np.empty((6, 6))
        for k in range(6):
            dx = np.zeros(6)
            dx[k] = 1e-7 * max(abs(x[k]), 1e-3)
            jac[:, k] = (state(x + dx) - state(x - dx)) * scale / (2 * dx[k])
        x = x - np.linalg.solve(jac, resid)
    ecc, w = math.hypot(x[1], x[2]), math.atan2(x[2], x[1])
    sat = satellite(x)
    return (
        sat.a * sat.radiusearthkm, ecc, x[3], x[4] % (2 * math.pi), w % (2 * math.pi),
        (x[5] - w) % (2 * math.pi),
    )  # fmt: skip
