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
    neuron = PointNeuron(cell=LIFCell(), synapses={"nmda": nmda(1.0, [1.0], block="kinetic")})
    keys = references_of(neuron)
    assert "brunel_wang_2001" in keys and "kampa_2004" in keys and "jahr_stevens_1990" in keys


def test_short_labels_name_people_by_surname_and_bodies_in_full():
    from magnerve.references import REFERENCES

    assert REFERENCES["jahr_stevens_1990"].short() == "Jahr & Stevens 1990"
    assert REFERENCES["dodge_rahamimoff_1967"].short() == "Dodge & Rahamimoff 1967"  # 'Jr' is not a surname
    assert REFERENCES["isaev_2012"].short() == "Isaev et al 2012"
    assert REFERENCES["iom_1997"].short() == "Institute of Medicine 1997"
