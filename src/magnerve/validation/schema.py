"""The form of a validation target as it is written in the data files (``validation/targets/*.yaml``).

One target compares one quantity that magnerve computes with one published number. Its entry says what the source
states (value, unit, n, SD or SEM), where in the source it stands and what of the source was read, the protocol the
model runs, how the comparison is scored and why the tolerance is what it is.

Kinds (reported separately, never added up):

- ``quantitative``: an independent published number the model was not built from;
- ``direction``: the sign of an effect (more / less), with no size asserted;
- ``fit``: data the model was fitted to; shown as a fit residual, never counted as validation.

A comparison of a model with its own constants is a unit test (``tests/``), not a target.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kind = Literal["quantitative", "direction", "fit"]
Verified = Literal["full text", "figure or table", "abstract", "secondary", "unverified"]
ScoreType = Literal["z", "ratio", "in_range"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where the number comes from and what of that source was read."""

    key: str = Field(description="citation key in magnerve.references")
    where: str = Field(description="figure, table, page or 'abstract'")
    verified: Verified
    read: str = Field(description="what was read: the quoted sentence and the page or record it was read on")


class Published(_Strict):
    """The published value as the source states it: a number (with n and SD or SEM where given) or a range."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str
    n: int | None = None
    sd: float | None = None
    sem: float | None = None
    stated: str = Field(description="the value in the source's own words and units")

    @model_validator(mode="after")
    def _value_or_range(self):
        if (self.value is None) == (self.low is None and self.high is None):
            raise ValueError("give either value or low/high")
        return self

    @property
    def spread(self) -> float | None:
        """Standard deviation of the measurement: the SD, or SEM x sqrt(n)."""
        if self.sd is not None:
            return self.sd
        if self.sem is not None and self.n:
            return self.sem * math.sqrt(self.n)
        return None


class Quantity(_Strict):
    """The quantity magnerve computes: a function of :data:`magnerve.validation.quantities.QUANTITIES` and the
    protocol's arguments (milieu, voltage, stimulus, duration ...), passed to it as keywords."""

    name: str
    args: dict = Field(default_factory=dict)
    unit: str


class Score(_Strict):
    """How model and published value are compared (the SciUnit / NeuronUnit score types).

    ``z``: (model - value) / SD, passing when |z| <= ``max_z``; ``ratio``: model / value, passing within
    ``ratio_tolerance`` of 1; ``in_range``: model within [low, high] (the published range unless ``low``/``high``
    are given here; infinite bounds make a direction)."""

    type: ScoreType
    max_z: float = 2.0
    ratio_tolerance: float | None = None
    low: float | None = None
    high: float | None = None
    justification: str


class TargetSpec(_Strict):
    """One entry of a target file."""

    id: str
    claim: str
    kind: Kind
    source: Source
    published: Published
    protocol: str
    quantity: Quantity | None = None
    score: Score
    fast: bool = True
    known_miss: str | None = None
    not_testable: str | None = Field(None, description="why the model cannot run this protocol yet")
    independence: str | None = Field(None, description="for a quantitative target whose source also gave the "
                                                       "model constants: why this number is not one of them")
    routes: str | None = Field(None, description="how the NMDA, screening and release routes predict different "
                                                "outcomes, for a route-discriminating target")

    @model_validator(mode="after")
    def _consistent(self):
        s, p = self.score, self.published
        if s.type == "z" and p.spread is None:
            raise ValueError(f"{self.id}: a z score needs the published SD (or SEM and n)")
        if s.type == "z" and p.value is None:
            raise ValueError(f"{self.id}: a z score needs a published value")
        if s.type == "ratio" and (s.ratio_tolerance is None or p.value in (None, 0.0)):
            raise ValueError(f"{self.id}: a ratio score needs ratio_tolerance and a non-zero published value")
        if s.type == "in_range" and None in self.range:
            raise ValueError(f"{self.id}: an in_range score needs low and high (here or in published)")
        if self.quantity is None and not self.not_testable:
            raise ValueError(f"{self.id}: a testable target needs a quantity")
        if self.quantity is not None and self.quantity.unit != p.unit:
            raise ValueError(f"{self.id}: computed unit {self.quantity.unit!r} differs from the published "
                             f"{p.unit!r}; convert in the quantity function")
        return self

    @property
    def range(self) -> tuple[float | None, float | None]:
        low = self.score.low if self.score.low is not None else self.published.low
        high = self.score.high if self.score.high is not None else self.published.high
        return low, high

    @property
    def model(self) -> str:
        """The model (target file) the target belongs to: the id's first part."""
        return self.id.split(".")[0]

    @property
    def counted(self) -> bool:
        """Counted as validation: a quantitative target whose number was found in a source that was read."""
        return self.kind == "quantitative" and self.source.verified != "unverified"
