import re

import pytest

import magnerve.models  # noqa: F401  (registers constants)
from magnerve.validation import load
from magnerve.models import PointNeuron, LIFCell, nmda
from magnerve.references import CONSTANTS, REFERENCES, cites, reference, references_of


load()  # registers the validation-only sources, whose entries are checked below too


def test_every_constant_cites_a_registered_reference():
    assert len(CONSTANTS) > 30
    for c in CONSTANTS:
        assert c.ref in REFERENCES, c.name
        assert c.unit, c.name


def test_references_are_complete():
    for key, ref in REFERENCES.items():
        assert ref.authors and ref.title and ref.journal, key
        assert 1900 < ref.year < 2030, key
        assert ref.evidence in {"strong", "moderate", "weak/hypothesis", "standard"}, key
        if ref.doi is not None:
            assert re.fullmatch(r"10\.\d{4,9}/\S+", ref.doi), (key, ref.doi)


def test_unknown_key_is_an_error():
    with pytest.raises(KeyError, match="unknown reference key 'nobody_1900'"):
        reference("nobody_1900")
    with pytest.raises(KeyError):
        cites("nobody_1900")


def test_models_declare_what_they_rest_on():
    """Each block form cites its own source only: the kinetic block rests on Kampa et al, not on Jahr & Stevens."""
    kinetic = references_of(PointNeuron(cell=LIFCell(), synapses={"nmda": nmda(1.0, [1.0], block="kinetic")}))
    assert "brunel_wang_2001" in kinetic and "kampa_2004" in kinetic and "jahr_stevens_1990" not in kinetic
    js = references_of(PointNeuron(cell=LIFCell(), synapses={"nmda": nmda(1.0, [1.0], block="jahr_stevens")}))
    assert "jahr_stevens_1990" in js and "kampa_2004" not in js


def test_short_labels_name_people_by_surname_and_bodies_in_full():
    from magnerve.references import REFERENCES

    assert REFERENCES["jahr_stevens_1990"].short() == "Jahr & Stevens 1990"
    assert REFERENCES["dodge_rahamimoff_1967"].short() == "Dodge & Rahamimoff 1967"  # 'Jr' is not a surname
    assert REFERENCES["isaev_2012"].short() == "Isaev et al 2012"
    assert REFERENCES["iom_1997"].short() == "Institute of Medicine 1997"


def test_every_module_declaring_constants_is_catalogued():
    from pathlib import Path

    import magnerve
    from magnerve.references import CONSTANT_MODULES

    root = Path(magnerve.__file__).parent
    declaring = set()
    for path in root.rglob("*.py"):
        if path.name != "references.py" and re.search(r"(?<![\w.])constant\(", path.read_text(encoding="utf-8")):
            parts = path.relative_to(root.parent).with_suffix("").parts
            declaring.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    assert declaring, "no module calls constant(): the scan is broken"
    assert declaring - set(CONSTANT_MODULES) == set(), "modules calling constant( missing from CONSTANT_MODULES"
    assert set(CONSTANT_MODULES) - declaring == set(), "CONSTANT_MODULES names modules that declare no constant"
    assert len(set(CONSTANT_MODULES)) == len(CONSTANT_MODULES)


def test_all_constants_cite_registered_references():
    from magnerve.references import CONSTANT_MODULES, all_constants

    constants = all_constants()
    assert len(constants) > 30
    for c in constants:
        assert c.ref in REFERENCES, (c.name, c.ref)
        assert reference(c.ref).key == c.ref
    assert "magnerve.units" in CONSTANT_MODULES and any(c.name == "FARADAY" for c in constants)


def test_the_registry_behaves_as_a_mapping():
    from magnerve.references import _packaged, register

    packaged = list(_packaged())
    keys = list(REFERENCES)
    assert len(REFERENCES) == len(keys) == len(set(keys))
    assert keys[:len(packaged)] == packaged  # the packaged sources first, then those register() added
    assert "jahr_stevens_1990" in REFERENCES and "nobody_1900" not in REFERENCES
    assert REFERENCES["jahr_stevens_1990"] == reference("jahr_stevens_1990")
    assert dict(REFERENCES.items())["woodhull_1973"].year == 1973
    with pytest.raises(KeyError):
        REFERENCES["nobody_1900"]
    with pytest.raises(ValueError, match="registered twice"):
        register("jahr_stevens_1990", "Jahr CE", 1990, "t", "j", None, "strong")


def test_importing_the_registry_reads_no_file():
    import subprocess
    import sys

    code = ("import magnerve.references as r; assert r._packaged.cache_info().currsize == 0; "
            "r.reference('codata_2018'); assert r._packaged.cache_info().currsize == 1")
    subprocess.run([sys.executable, "-c", code], check=True)


GOOD = ("- {key: a_2000, authors: A B, year: 2000, title: T, journal: J, doi: 10.1000/x, evidence: strong, "
        "note: n}\n")


@pytest.mark.parametrize(("text", "message"), [
    (GOOD.replace("year: 2000", "year: '2000'"), r"a_2000: field 'year' must be an int, got '2000'"),
    (GOOD.replace("doi: 10.1000/x", "doi: doi:10.1000/x"), r"a_2000: field 'doi' must be null or a DOI"),
    (GOOD.replace("title: T, ", ""), r"a_2000: missing field 'title'"),
    (GOOD.replace("journal: J", "journal: ''"), r"a_2000: field 'journal' must be a non-empty string"),
    (GOOD.replace("evidence: strong", "evidence: sure"), r"a_2000: field 'evidence' must be one of"),
    (GOOD.replace("note: n", "url: u"), r"a_2000: unknown field 'url'"),
    (GOOD + GOOD, r"a_2000: field 'key' duplicates an earlier entry"),
    (GOOD.replace("key: a_2000, ", ""), r"entry 1: field 'key' must be a non-empty string"),
    ("{a: 1}", r"expected a list of entries"),
    ("- [unclosed", r"test.yaml: "),
])
def test_malformed_reference_data_is_a_one_line_error(text, message):
    from magnerve.references import ReferenceDataError, _parse

    with pytest.raises(ReferenceDataError, match=message) as err:
        _parse(text, "test.yaml")
    assert "\n" not in str(err.value)
    assert str(err.value).startswith("test.yaml")


def test_reference_data_parses_into_references():
    from magnerve.references import Reference, _parse

    refs = _parse(GOOD + GOOD.replace("a_2000", "b_2001").replace(", note: n", "").replace("10.1000/x", "null"))
    assert list(refs) == ["a_2000", "b_2001"]
    assert refs["a_2000"] == Reference("a_2000", "A B", 2000, "T", "J", "10.1000/x", "strong", "n")
    assert refs["b_2001"].doi is None and refs["b_2001"].note == ""
