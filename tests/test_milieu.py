import math

import jax
import numpy as np
import pytest

from magnerve import Milieu, MilieuError
from magnerve.milieu import BOUNDS


def test_presets_are_valid_and_distinct():
    presets = Milieu.presets()
    assert set(presets) == {"csf", "plasma", "acsf", "low_mg_acsf"}
    assert presets["low_mg_acsf"].mg_o == 0.0
    # CSF Mg is held above plasma ionized Mg (DESIGN.md; Langer 2022 vs van Ingen 1994)
    assert presets["csf"].mg_o > presets["plasma"].mg_o
    assert Milieu() == Milieu.csf()


@pytest.mark.parametrize("field", list(BOUNDS))
@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, 1e6])
def test_bad_values_name_field_value_and_range(field, bad):
    with pytest.raises(MilieuError) as err:
        Milieu(**{field: bad})
    message = str(err.value)
    low, high, unit = BOUNDS[field]
    assert field in message
    assert f"[{low:g}, {high:g}]" in message
    assert f"{bad:g}" in message


def test_mg_above_100_mM_is_absurd():
    with pytest.raises(MilieuError, match="mg_o = 101"):
        Milieu(mg_o=101.0)


def test_array_values_checked_elementwise():
    Milieu(mg_o=np.array([0.0, 0.5, 2.0]))
    with pytest.raises(MilieuError, match="mg_o = -0.1"):
        Milieu(mg_o=np.array([0.5, -0.1]))


def test_unknown_keys_rejected_with_valid_list():
    with pytest.raises(MilieuError, match="unknown milieu field.*'magnesium'.*valid fields: mg_o"):
        Milieu.from_mapping({"magnesium": 1.0})
    with pytest.raises(MilieuError):
        Milieu.csf().with_(mgo=1.0)


def test_with_changes_only_named_fields():
    m = Milieu.plasma().with_(mg_o=0.3)
    assert m.mg_o == 0.3 and m.ca_o == Milieu.plasma().ca_o


def test_traced_values_pass_through_for_grad():
    def f(mg):
        return Milieu(mg_o=mg).mg_o * 2.0

    assert jax.grad(f)(1.0) == 2.0


def test_load_from_yaml_and_toml(tmp_path):
    y = tmp_path / "m.yaml"
    y.write_text("preset: plasma\nmg_o: 0.3\n")
    m = Milieu.from_file(y)
    assert m.mg_o == 0.3 and m.ca_o == Milieu.plasma().ca_o
    t = tmp_path / "m.toml"
    t.write_text("ca_o = 2.0\n")
    assert Milieu.from_file(t).ca_o == 2.0 and Milieu.from_file(t).mg_o == Milieu.csf().mg_o
    bad = tmp_path / "bad.yaml"
    bad.write_text("mg_o: -2\n")
    with pytest.raises(MilieuError, match="mg_o = -2"):
        Milieu.from_file(bad)
    unknown = tmp_path / "u.yaml"
    unknown.write_text("preset: seawater\n")
    with pytest.raises(MilieuError, match="unknown preset 'seawater'"):
        Milieu.from_file(unknown)
