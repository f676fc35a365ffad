"""CCSDS OMM (502.0-B-3) as CelesTrak serves it: the same element sets as its TLEs, every
format round-tripped, six-digit catalogue numbers, and hostile records refused by name.

Reference: CelesTrak serves each object's elements both as a TLE and as OMM; the same set
in either form must give SGP4 the same state. The TLEs are CelesTrak's of the Zhuque
payloads (``../shared/data/tle``), propagated by sgp4 (Vallado et al. 2006, AIAA 2006-6753).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sgp4.api import Satrec

from flight import omm, tle
from flight.errors import OMMError
from tests.conftest import SHARED

TLE_FILE = SHARED / "data" / "tle" / "zhuque2_payloads_2025-10-04.tle"
pytestmark = pytest.mark.skipif(not TLE_FILE.exists(), reason="../shared/data/tle not present")


@pytest.fixture(scope="module")
def sets() -> list[omm.MeanElementSet]:
    return [omm.from_tle(es) for es in tle.read(TLE_FILE)]


def test_an_omm_record_gives_sgp4_the_state_its_tle_gives() -> None:
    for es in tle.read(TLE_FILE):
        rec = omm.from_tle(es)
        assert (rec.norad_id, rec.cospar_id) == (es.norad_id, es.cospar_id)
        a, b = Satrec.twoline2rv(es.line1, es.line2), rec.satrec()
        for minutes in (0.0, 1440.0, 7 * 1440.0):
            _, r1, v1 = a.sgp4_tsince(minutes)
            _, r2, v2 = b.sgp4_tsince(minutes)
            assert np.linalg.norm(np.subtract(r1, r2)) < 1e-6  # km: the same elements
            assert np.linalg.norm(np.subtract(v1, v2)) < 1e-9


@pytest.mark.parametrize("fmt", ["json", "csv", "xml", "kvn"])
def test_written_omm_reads_back_identical(
    sets: list[omm.MeanElementSet], tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"sets.{fmt}"
    omm.write(sets, path)
    back = list(omm.read(path))
    assert [b.text for b in back] == [s.text for s in sets]
    assert back[0].fields["EPOCH"] == "2025-10-01T22:00:47.522016"  # Honghu-2's TLE epoch


def test_a_six_digit_catalogue_number_is_kept_and_still_propagates(
    sets: list[omm.MeanElementSet], tmp_path: Path
) -> None:
    fields = {**sets[0].fields, "NORAD_CAT_ID": 400123}  # above Alpha-5's 339999
    path = tmp_path / "big.json"
    path.write_text(json.dumps([fields]))
    [rec] = list(omm.read(path))
    assert rec.norad_id == 400123 and '"NORAD_CAT_ID":400123' in rec.text
    _, r_big, _ = rec.satrec().sgp4_tsince(60.0)
    _, r_ref, _ = sets[0].satrec().sgp4_tsince(60.0)
    assert np.allclose(r_big, r_ref, atol=1e-9)  # the number plays no part in SGP4


def test_numbers_as_strings_and_as_numbers_read_alike(
    sets: list[omm.MeanElementSet], tmp_path: Path
) -> None:
    as_text = {k: str(v) for k, v in sets[0].fields.items()}
    path = tmp_path / "strings.json"
    path.write_text(json.dumps([as_text, sets[0].fields]))
    a, b = omm.read(path)
    assert a.text == b.text == sets[0].text


def _json(tmp_path: Path, record: dict) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([record]))
    return path


HOSTILE = {
    "missing keyword": (lambda f: f.pop("BSTAR"), "BSTAR", "missing"),
    "epoch not a date": (lambda f: f.update(EPOCH="2025-13-01T00:00:00"), "EPOCH", "month"),
    "epoch in words": (lambda f: f.update(EPOCH="yesterday"), "EPOCH", "not an epoch"),
    "catalogue number not a number": (
        lambda f: f.update(NORAD_CAT_ID="58555A"),
        "NORAD_CAT_ID",
        "not a whole number",
    ),
    "eccentricity 1": (lambda f: f.update(ECCENTRICITY=1.0), "ECCENTRICITY", "outside 0 to 1"),
    "inclination as text": (lambda f: f.update(INCLINATION="ninety"), "INCLINATION", "number"),
    "NaN": (lambda f: f.update(MEAN_MOTION="NaN"), "MEAN_MOTION", "finite"),
    "a true value": (lambda f: f.update(BSTAR=True), "BSTAR", "not a number"),
    "not TEME": (lambda f: f.update(REF_FRAME="GCRF"), "REF_FRAME", "TEME"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_bad_record_is_refused_with_file_record_and_field(
    sets: list[omm.MeanElementSet], tmp_path: Path, case: str
) -> None:
    change, field, words = HOSTILE[case]
    record = dict(sets[0].fields)
    change(record)
    path = _json(tmp_path, record)
    with pytest.raises(OMMError) as err:
        list(omm.read(path))
    assert err.value.field == field and words in str(err.value), str(err.value)
    assert str(err.value).startswith(f"{path}:record 1: field '{field}'")


def test_wrong_units_in_kvn_and_xml_are_refused(
    sets: list[omm.MeanElementSet], tmp_path: Path
) -> None:
    kvn = tmp_path / "a.kvn"
    omm.write(sets[:1], kvn)
    kvn.write_text(kvn.read_text().replace("[rev/day]", "[rad/s]"))
    with pytest.raises(OMMError, match=r"a\.kvn:1: field 'MEAN_MOTION': is in \[rad/s\]"):
        list(omm.read(kvn))
    xml = tmp_path / "a.xml"
    omm.write(sets[:2], xml)
    text = xml.read_text()
    second = text.index("<segment>", text.index("<segment>") + 1)
    xml.write_text(text[:second] + text[second:].replace('units="deg"', 'units="rad"', 1))
    with pytest.raises(OMMError, match=r"a\.xml:segment 2: field 'INCLINATION': is in \[rad\]"):
        list(omm.read(xml))


def test_files_that_are_not_omm_lists_are_refused(tmp_path: Path) -> None:
    for name, text, words in (
        ("object.json", '{"OBJECT_NAME": "X"}', "not a JSON list of OMM records"),
        ("list.json", "[1, 2]", "not an object of OMM keywords"),
        ("cut.json", '[{"OBJECT_NAME": "X",', "not JSON as CelesTrak"),
        ("bomb.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "needs no DTD"),
    ):
        path = tmp_path / name
        path.write_text(text)
        with pytest.raises(OMMError, match=words):
            list(omm.read(path))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    key=st.sampled_from(omm.KEYWORDS),
    value=st.one_of(
        st.text(max_size=12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**12), max_value=10**12),
        st.none(),
        st.booleans(),
    ),
)
def test_any_one_field_garbled_is_read_or_refused_never_crashes(
    sets: list[omm.MeanElementSet], tmp_path: Path, key: str, value: object
) -> None:
    record = {**sets[0].fields, key: value}
    path = tmp_path / "garbled.json"
    path.write_text(json.dumps([record]))
    try:
        [rec] = list(omm.read(path))
    except OMMError as exc:
        assert exc.field == key or exc.field in ("json",), str(exc)
        return
    assert rec.satrec() is not None  # what is read, SGP4 takes
