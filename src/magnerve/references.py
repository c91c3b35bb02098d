"""The one reference registry: citation keys -> full citations, and literature constants declared beside their key.

Every literature number in magnerve is a :class:`Constant` created with :func:`constant`, which records its value,
unit, citation key and a note on where in the source it comes from. Mechanisms and models declare the keys they rest
on with :func:`cites`; ``magnerve cite`` and the report's bibliography read this registry.

Evidence strength follows DESIGN.md: ``"strong"``, ``"moderate"``, ``"weak/hypothesis"``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal, TypeVar
from collections.abc import Callable

Evidence = Literal["strong", "moderate", "weak/hypothesis", "standard"]


@dataclass(frozen=True)
class Reference:
    """A published source. ``evidence`` grades how firmly it supports what magnerve takes from it."""

    key: str
    authors: str
    year: int
    title: str
    journal: str
    doi: str | None
    evidence: Evidence
    note: str = ""

    def short(self) -> str:
        """'First author et al (year)' form for figure captions and scorecard lines; a body that authors a report
        (no initials after its name, e.g. 'Institute of Medicine') is named in full."""
        authors = [a.strip() for a in self.authors.split(",") if a.strip() and a.strip() != "et al"]
        if not _is_person(authors[0]):
            return f"{authors[0]} {self.year}"
        names = [a.split(" ")[0] for a in authors]
        if len(names) == 2 and "et al" not in self.authors:
            return f"{names[0]} & {names[1]} {self.year}"
        return f"{names[0]}{' et al' if len(names) > 1 else ''} {self.year}"

    def formatted(self) -> str:
        """Full citation line for bibliographies."""
        doi = f" doi:{self.doi}" if self.doi else ""
        return f"{self.authors} ({self.year}). {self.title}. {self.journal}.{doi}"


def _is_person(author: str) -> bool:
    """'Surname INITIALS' (optionally followed by Jr or an editor mark) as opposed to an organisation."""
    words = [w for w in author.split() if w not in ("Jr", "(ed)", "(eds)")]
    return len(words) >= 2 and words[-1].isupper()


REFERENCES: dict[str, Reference] = {}


def register(key: str, authors: str, year: int, title: str, journal: str, doi: str | None,
             evidence: Evidence, note: str = "") -> Reference:
    """Add a source to the registry. Keys are unique; registering a key twice is a programming error."""
    if key in REFERENCES:
        raise ValueError(f"reference key {key!r} registered twice")
    ref = Reference(key, authors, year, title, journal, doi, evidence, note)
    REFERENCES[key] = ref
    return ref


def reference(key: str) -> Reference:
    """Look up a citation key; unknown keys raise ``KeyError`` listing the known ones."""
    try:
        return REFERENCES[key]
    except KeyError:
        raise KeyError(f"unknown reference key {key!r}; known keys: {', '.join(sorted(REFERENCES))}") from None


class Constant(float):
    """A literature number: behaves as a float, remembers its unit, source and note.

    >>> from magnerve.mechanisms.nmda import JS_K0_MM
    >>> float(JS_K0_MM), JS_K0_MM.unit, JS_K0_MM.ref
    (3.57, 'mM', 'jahr_stevens_1990')
    """

    unit: str
    ref: str
    note: str
    name: str

    def __new__(cls, value: float, unit: str, ref: str, note: str = "", name: str = "") -> Constant:
        obj = super().__new__(cls, value)
        obj.unit, obj.ref, obj.note, obj.name = unit, ref, note, name
        return obj

    def __repr__(self) -> str:
        return f"{float(self)!r} {self.unit} [{self.ref}]"


CONSTANTS: list[Constant] = []


def constant(name: str, value: float, unit: str, ref: str, note: str = "") -> Constant:
    """Declare a literature constant; ``ref`` must already be registered."""
    reference(ref)
    c = Constant(value, unit, ref, note, name)
    CONSTANTS.append(c)
    return c


F = TypeVar("F", bound=Callable)


def cites(*keys: str) -> Callable[[F], F]:
    """Decorator recording which references a mechanism or model rests on (``obj.__references__``)."""
    for k in keys:
        reference(k)

    def mark(obj: F) -> F:
        obj.__references__ = tuple(keys)  # type: ignore[attr-defined]
        return obj

    return mark


def references_of(obj: object) -> tuple[str, ...]:
    """Citation keys an object declares (own ``__references__``, then those of its components, in order)."""
    keys: list[str] = list(getattr(obj, "__references__", ()))
    for field in dataclasses.fields(obj) if dataclasses.is_dataclass(obj) else ():
        value = getattr(obj, field.name, None)
        children = value.values() if isinstance(value, dict) else [value]
        for child in children:
            if dataclasses.is_dataclass(child):
                keys.extend(references_of(child))
    return tuple(dict.fromkeys(keys))


# ---------------------------------------------------------------------------------------------------------------------
# The sources. Grouped by topic; numbers taken from them live beside the code that uses them, declared with constant().
# ---------------------------------------------------------------------------------------------------------------------

register("codata_2018", "Tiesinga E, Mohr PJ, Newell DB, Taylor BN", 2021,
         "CODATA recommended values of the fundamental physical constants: 2018",
         "Rev Mod Phys 93:025010", "10.1103/RevModPhys.93.025010", "standard",
         "Faraday and gas constants (exact in the 2019 SI).")
register("iupac_2021", "Prohaska T, Irrgeher J, Benefield J, et al", 2022,
         "Standard atomic weights of the elements 2021 (IUPAC Technical Report)",
         "Pure Appl Chem 94:573-600", "10.1515/pac-2019-0603", "standard", "Conventional atomic weight of Mg 24.305.")

# -- NMDA receptors and Mg2+ block --------------------------------------------------------------------------------
register("jahr_stevens_1990", "Jahr CE, Stevens CF", 1990,
         "Voltage dependence of NMDA-activated macroscopic conductances predicted by single-channel kinetics",
         "J Neurosci 10(9):3178-3182", "10.1523/JNEUROSCI.10-09-03178.1990", "strong",
         "Equilibrium Mg2+ block g(V) = 1/(1 + [Mg]o/3.57 mM exp(-0.062 V/mV)), cultured hippocampal neurons.")
register("woodhull_1973", "Woodhull AM", 1973, "Ionic blockage of sodium channels in nerve",
         "J Gen Physiol 61(6):687-708", "10.1085/jgp.61.6.687", "strong",
         "Single-site voltage-dependent block K(V) = K0 exp(z delta F V / RT).")
register("kampa_2004", "Kampa BM, Clements J, Jonas P, Stuart GJ", 2004,
         "Kinetics of Mg2+ unblock of NMDA receptors: implications for spike-timing dependent synaptic plasticity",
         "J Physiol 556(2):337-345", "10.1113/jphysiol.2003.058842", "strong",
         "Unblock after depolarization is not instantaneous; kinetic scheme with voltage-dependent Mg rates.")
register("ascher_nowak_1988", "Ascher P, Nowak L", 1988,
         "The role of divalent cations in the N-methyl-D-aspartate responses of mouse central neurones in culture",
         "J Physiol 399:247-266", "10.1113/jphysiol.1988.sp017078", "strong",
         "Mg2+ blocking and unblocking rates (as transcribed in the Vargas-Caballero, Robinson & Roth NEURON model).")
register("bollmann_1998", "Bollmann JH, Helmchen F, Borst JGG, Sakmann B", 1998,
         "Postsynaptic Ca2+ influx mediated by three different pathways during synaptic transmission at a "
         "calyx-type synapse", "J Neurosci 18(24):10409-10419", "10.1523/JNEUROSCI.18-24-10409.1998", "moderate",
         "Fractional Ca2+ current of NMDA receptors 11-12 % at -80 mV (calyx of Held, rat brainstem slices).")
register("zhu_auerbach_2001", "Zhu Y, Auerbach A", 2001, "Na+ occupancy and Mg2+ block of the N-methyl-D-aspartate "
         "receptor channel", "J Gen Physiol 117(3):275-286", "10.1085/jgp.117.3.275", "moderate",
         "States that about 10-15 % of NMDA receptor current is carried by Ca2+ under physiological conditions, "
         "citing Burnashev et al 1995.")
register("wollmuth_sakmann_1998", "Wollmuth LP, Sakmann B", 1998,
         "Different mechanisms of Ca2+ transport in NMDA and Ca2+-permeable AMPA glutamate receptor channels",
         "J Gen Physiol 112(5):623-636", "10.1085/jgp.112.5.623", "moderate",
         "NMDA receptor Ca2+ flux deviates from constant-field theory; P_Ca/P_Cs depends on [Ca]o.")
register("hille_2001", "Hille B", 2001, "Ion Channels of Excitable Membranes, 3rd ed", "Sinauer Associates, "
         "Sunderland MA", None, "moderate", "Textbook ion concentrations (order-of-magnitude intracellular values).")
register("nowak_1984", "Nowak L, Bregestovski P, Ascher P, Herbet A, Prochiantz A", 1984,
         "Magnesium gates glutamate-activated channels in mouse central neurones",
         "Nature 307:462-465", "10.1038/307462a0", "strong")
register("mayer_1984", "Mayer ML, Westbrook GL, Guthrie PB", 1984,
         "Voltage-dependent block by Mg2+ of NMDA responses in spinal cord neurones",
         "Nature 309:261-263", "10.1038/309261a0", "strong")
register("burnashev_1995", "Burnashev N, Zhou Z, Neher E, Sakmann B", 1995,
         "Fractional calcium currents through recombinant GluR channels of the NMDA, AMPA and kainate receptor "
         "subtypes", "J Physiol 485(2):403-418", "10.1113/jphysiol.1995.sp020738", "strong")

# -- Point neurons, synapses and networks ---------------------------------------------------------------------------
register("brunel_wang_2001", "Brunel N, Wang X-J", 2001,
         "Effects of neuromodulation in a cortical network model of object working memory dominated by recurrent "
         "inhibition", "J Comput Neurosci 11(1):63-85", "10.1023/A:1011204814320", "strong",
         "LIF cells and AMPA/NMDA/GABA-A synaptic kinetics; parameters as in Brian2's example of this paper.")
register("wang_2002", "Wang X-J", 2002, "Probabilistic decision making by slow reverberation in cortical circuits",
         "Neuron 36(5):955-968", "10.1016/S0896-6273(02)01092-9", "strong")
register("hodgkin_huxley_1952", "Hodgkin AL, Huxley AF", 1952,
         "A quantitative description of membrane current and its application to conduction and excitation in nerve",
         "J Physiol 117(4):500-544", "10.1113/jphysiol.1952.sp004764", "strong",
         "Squid giant axon at 6.3 degC; potentials here in the modern convention (rest -65 mV), as NEURON's hh.")
register("hodgkin_huxley_katz_1952", "Hodgkin AL, Huxley AF, Katz B", 1952,
         "Measurement of current-voltage relations in the membrane of the giant axon of Loligo",
         "J Physiol 116(4):424-448", "10.1113/jphysiol.1952.sp004716", "strong",
         "Temperature coefficient Q10 about 3 for the rate constants.")
register("rotter_diesmann_1999", "Rotter S, Diesmann M", 1999,
         "Exact digital simulation of time-invariant linear systems with applications to neuronal modeling",
         "Biol Cybern 81(5-6):381-402", "10.1007/s004220050570", "strong",
         "Exact integration of linear subthreshold dynamics, the basis of exponential-Euler updates.")
register("mayer_westbrook_1987", "Mayer ML, Westbrook GL", 1987,
         "Permeation and block of N-methyl-D-aspartic acid receptor channels by divalent cations in mouse cultured "
         "central neurones", "J Physiol 394:501-527", "10.1113/jphysiol.1987.sp016883", "strong",
         "Mg2+ permeates the channel at very negative potentials (relief of block); "
         "Ca2+ permeability of NMDA channels.")

# -- Ionic milieu: CSF, plasma, slice solutions, intracellular Mg --------------------------------------------------
register("langer_2022", "Langer T, Zadek F, Carbonara M, Caccioppola A, Brusatori S, Zoerle T, et al", 2022,
         "Cerebrospinal fluid and arterial acid-base equilibrium of spontaneously breathing patients with aneurismal "
         "subarachnoid hemorrhage", "Neurocrit Care 37(1):102-110", "10.1007/s12028-022-01450-1", "moderate",
         "Table 1 controls (n = 25, spinal anaesthesia): CSF Na 141, K 2.8, ionized Ca 0.99, Mg 1.10, Cl 120 mM. "
         "Whether Mg is ionized or total is not stated; CSF is nearly protein-free, so ionized ~ total is assumed.")
register("akaishi_2019", "Akaishi T, Onishi E, Abe M, Toyama H, Ishizawa K, Kumagai M, et al", 2019,
         "The human central nervous system discharges carbon dioxide and lactic acid into the cerebrospinal fluid",
         "Fluids Barriers CNS 16:8", "10.1186/s12987-019-0128-7", "moderate",
         "Table 1, venous blood: Na 139.7, K 3.78, Cl 103.7 mM (n = 16).")
register("van_ingen_1994", "van Ingen HE, Huijgen HJ, Kok WT, Sanders GT", 1994,
         "Analytical evaluation of Kone Microlyte determination of ionized magnesium", "Clin Chem 40(1):52-55",
         None, "moderate", "Healthy adults: ionized Mg 0.56 +/- 0.05 mM, 65 % of total.")
register("altura_1994", "Altura BT, Shirey TL, Young CC, Dell'Orfano K, Hiti J, Welsh R, et al", 1994,
         "Characterization of a new ion selective electrode for ionized magnesium in whole blood, plasma, serum, "
         "and aqueous samples", "Scand J Clin Lab Invest Suppl 217:21-36", "10.3109/00365519409095208", "moderate",
         "Healthy adults: ionized Mg 0.53-0.67 mM, total 0.70-0.96 mM, ionized typically 71 % of total.")
register("burtis_2012", "Burtis CA, Ashwood ER, Bruns DE (eds)", 2012,
         "Tietz Textbook of Clinical Chemistry and Molecular Diagnostics, 5th ed", "Elsevier Saunders, St Louis",
         None, "moderate", "Adult serum ionized Ca reference interval about 1.16-1.32 mM (textbook value; the page "
         "was not re-read for magnerve).")
register("costello_2016", "Costello RB, Elin RJ, Rosanoff A, Wallace TC, Guerrero-Romero F, Hruby A, et al", 2016,
         "Perspective: the case for an evidence-based reference interval for serum magnesium: the time has come",
         "Adv Nutr 7(6):977-993", "10.3945/an.116.012765", "strong",
         "Serum total Mg reference interval 0.75-0.95 mM (NHANES I); >= 0.85 mM proposed as adequate.")
register("brocard_1993", "Brocard JB, Rajdev S, Reynolds IJ", 1993,
         "Glutamate-induced increases in intracellular free Mg2+ in cultured cortical neurons",
         "Neuron 11(4):751-757", "10.1016/0896-6273(93)90084-5", "strong",
         "Resting free intracellular Mg2+ about 0.5 mM in cortical neurons (mag-fura-2).")
register("ting_2014", "Ting JT, Daigle TL, Chen Q, Feng G", 2014,
         "Acute brain slice methods for adult and aging animals: application of targeted patch clamp analysis and "
         "optogenetics", "Methods Mol Biol 1183:221-242", "10.1007/978-1-4939-1096-0_14", "moderate",
         "Recording ACSF (mM): 124 NaCl, 2.5 KCl, 1.2 NaH2PO4, 24 NaHCO3, 5 HEPES, 12.5 glucose, 2 MgSO4, 2 CaCl2 "
         "(recipe as recalled; the methods text was not re-read for magnerve).")
register("isaev_2012", "Isaev D, Ivanchick G, Khmyz V, Isaeva E, Savrasova A, Krishtal O, Holmes GL, Maximyuk O", 2012,
         "Surface charge impact in low-magnesium model of seizure in rat hippocampus", "J Neurophysiol", None,
         "strong", "Mg-free ACSF with 2 mM Ca and 3.5 mM K: seizure-like activity in 67 % of slices; 1 mM Ca: 100 %; "
         "3 mM Ca abolished it; Ca shifts Na-channel gating 1.4x more than Mg. Volume and pages not verified.")
register("liu_2021", "Liu H, Zhang S, Zhang L", 2021,
         "Epileptiform activity in mouse hippocampal slices induced by moderate changes in extracellular Mg2+, Ca2+, "
         "and K+", "BMC Neurosci", "10.1186/s12868-021-00650-3", "moderate",
         "Standard ACSF 3-3.5 mM K, 1-2 Mg, 1-3 Ca; nominally Mg-free ACSF holds <= 50-80 uM contaminating Mg.")

# -- Whole-body magnesium balance -----------------------------------------------------------------------------------
register("fine_1991", "Fine KD, Santa Ana CA, Porter JL, Fordtran JS", 1991,
         "Intestinal absorption of magnesium from food and supplements", "J Clin Invest 88(2):396-402",
         "10.1172/JCI115317", "strong",
         "Meal plus 0-80 mEq Mg acetate: fractional absorption 65 % -> 11 %; absorption = saturable + 7 % linear.")
register("quamme_1997", "Quamme GA", 1997, "Renal magnesium handling: new insights in understanding old problems",
         "Kidney Int 52(5):1180-1195", "10.1038/ki.1997.443", "moderate",
         "Ultrafiltrable Mg about 70-80 % of plasma Mg; reabsorption mostly in the thick ascending limb with a "
         "threshold-like (Tm) behaviour; fractional excretion falls to about 0.5 % in depletion.")
register("fao_who_2004", "FAO/WHO", 2004, "Vitamin and mineral requirements in human nutrition, 2nd ed, chapter 14: "
         "Magnesium", "World Health Organization, Geneva", None, "moderate",
         "Body Mg about 25 g, 50-60 % in bone of which one third is exchangeable; about 1 % extracellular; "
         "urinary Mg about 100-120 mg/day on usual diets.")
register("shils_1969", "Shils ME", 1969, "Experimental human magnesium depletion", "Medicine 48(1):61-85",
         None, "strong",
         "Volunteers on a Mg-deficient diet: serum Mg fell over weeks; hypocalcaemia and hypokalaemia developed "
         "and reversed only with Mg; neuromuscular signs appeared as serum Mg fell.")
register("boron_boulpaep_2017", "Boron WF, Boulpaep EL (eds)", 2017, "Medical Physiology, 3rd ed",
         "Elsevier, Philadelphia", None, "standard",
         "Table 36-8: plasma Mg 62 % ionized, 7 % complexed, 31 % protein-bound.")
register("rude_1980", "Rude RK, Bethune JE, Singer FR", 1980,
         "Renal tubular maximum for magnesium in normal, hyperparathyroid, and hypoparathyroid man",
         "J Clin Endocrinol Metab 51(6):1425-1431", None, "moderate",
         "Mg infusions: TmMg 1.4 mg/100 mL glomerular filtrate (about 0.58 mM); authors and journal from memory, "
         "the abstract read did not display them.")
register("oppelt_1963", "Oppelt WW, MacIntyre I, Rall DP", 1963, "Magnesium exchange between blood and "
         "cerebrospinal fluid", "Am J Physiol 205(5):959-962", None, "moderate",
         "Dogs: CSF/plasma Mg 1.34; plasma raised 3-4 fold raised CSF by at most 21 % over 5.5 h. Year inferred.")
register("brewer_2001", "Brewer RP, Parra A, Borel CO, Hopkins MB, Reynolds JD", 2001,
         "Intravenous magnesium sulfate does not increase ventricular CSF ionized magnesium concentration of "
         "patients with intracranial hypertension", "Clin Neuropharmacol 24(6):341-345",
         "10.1097/00002826-200111000-00005", "moderate",
         "Baseline ionized Mg: plasma 0.58, CSF 0.82 mM (ratio 1.41); IV MgSO4 raised plasma 50 % but not CSF.")
register("fuchs_buder_1997", "Fuchs-Buder T, Tramer MR, Tassonyi E", 1997,
         "Cerebrospinal fluid passage of intravenous magnesium sulfate in neurosurgical patients",
         "J Neurosurg Anesthesiol 9(4):324-328", "10.1097/00008506-199710000-00006", "moderate",
         "Baseline total Mg: plasma 0.74, CSF 0.95 mM (ratio 1.28); CSF lags and rises far less than plasma.")
register("iom_1997", "Institute of Medicine, Food and Nutrition Board", 1997,
         "Dietary Reference Intakes for Calcium, Phosphorus, Magnesium, Vitamin D, and Fluoride",
         "National Academies Press, Washington DC", "10.17226/5776", "strong",
         "RDAs and AIs for Mg by age and sex; supplemental upper level 350 mg/day; body Mg about 25 g.")
register("usda_sr28", "US Department of Agriculture, Agricultural Research Service", 2016,
         "USDA National Nutrient Database for Standard Reference, Release 28 (basis of FoodData Central SR Legacy, "
         "April 2018)", "Nutrient Data Laboratory, Beltsville MD", None, "strong",
         "Mg per 100 g (nutrient 304) and household measures; FDC SR Legacy ids matched by description.")
register("firoz_graber_2001", "Firoz M, Graber M", 2001,
         "Bioavailability of US commercial magnesium preparations", "Magnes Res 14(4):257-262", None, "moderate",
         "Urinary-increment method: Mg oxide about 4 % absorbed; chloride, lactate and aspartate significantly "
         "better and equivalent to each other (abstract; numbers for those not given there).")
register("guyton_hall_2016", "Hall JE", 2016, "Guyton and Hall Textbook of Medical Physiology, 13th ed",
         "Elsevier, Philadelphia", None, "standard", "Body fluid volumes and glomerular filtration rate.")
register("assumption_body", "magnerve developers", 2026,
         "Modelling assumption of the body balance model (no direct human measurement found)", "this project",
         None, "weak/hypothesis",
         "Exchange time constants and the CSF gain are chosen to be physiologically plausible, not fitted to data.")

# -- Cortical network: leak, GABA-A modulation, network readouts (release and surface charge: see the periphery) ---
register("elbeheiry_puil_1990", "Elbeheiry H, Puil E", 1990,
         "Effects of hypomagnesia on transmitter actions in neocortical slices", "Br J Pharmacol 101(4):1006-1010",
         "10.1111/j.1476-5381.1990.tb14197.x", "weak/hypothesis",
         "Guinea-pig sensorimotor cortex slices: lowering [Mg]o depresses GABA responses dose-dependently (less than "
         "ACh responses); qualitative only, no dose-response constant. Basis of a switchable hypothesis, off by "
         "default.")
register("goldman_1943", "Goldman DE", 1943, "Potential, impedance, and rectification in membranes",
         "J Gen Physiol 27(1):37-60", None, "strong", "Constant-field equation (DOI not verified for magnerve).")
register("hodgkin_katz_1949", "Hodgkin AL, Katz B", 1949,
         "The effect of sodium ions on the electrical activity of the giant axon of the squid",
         "J Physiol 108(1):37-77", None, "strong",
         "GHK voltage equation for a membrane permeable to K+, Na+ and Cl- (DOI not verified for magnerve).")
register("golomb_rinzel_1993", "Golomb D, Rinzel J", 1993,
         "Dynamics of globally coupled inhibitory neurons with heterogeneity", "Phys Rev E 48(6):4810-4814", None,
         "standard", "Synchrony measure chi: variance of the population-averaged voltage over the mean variance of "
         "single-cell voltages (DOI not verified for magnerve).")

# -- Peripheral nerve and muscle: release, surface charge, node of Ranvier, junction, muscle (issue 4) ------------
register("dodge_rahamimoff_1967", "Dodge FA Jr, Rahamimoff R", 1967,
         "Co-operative action of calcium ions in transmitter release at the neuromuscular junction",
         "J Physiol 193(2):419-432", "10.1113/jphysiol.1967.sp008367", "strong",
         "Frog NMJ: log e.p.p. vs log [Ca] slope 3.78 +/- 0.2 S.D. (28 experiments) at low Ca; Mg lowers the e.p.p. "
         "without changing the slope; release ~ [CaX]^4 with Ca and Mg competing for X (abstract read). The "
         "dissociation constants of CaX and MgX are in the paper's body, which was not available here.")
register("del_castillo_katz_1954", "del Castillo J, Katz B", 1954, "Quantal components of the end-plate potential",
         "J Physiol 124(3):560-573", "10.1113/jphysiol.1954.sp005129", "strong",
         "Release in quanta; at low quantal content the number released per impulse is Poisson distributed.")
register("hille_woodhull_shapiro_1975", "Hille B, Woodhull AM, Shapiro BI", 1975,
         "Negative surface charge near sodium channels of nerve: divalent ions, monovalent ions, and pH",
         "Philos Trans R Soc Lond B Biol Sci 270(908):301-318", "10.1098/rstb.1975.0011", "strong",
         "Frog node: a tenfold rise of any divalent shifts Na activation +20 to +25 mV; Mg less potent than Ca; "
         "Gouy-Chapman-Grahame model with acid groups pKa 2.88 (-0.9 e/nm2) and 4.58 (-0.58 e/nm2), a base pKa "
         "6.28 (+0.33 e/nm2), the acids binding Ca with K = 28 /M (abstract read). No-divalent solution: -18 mV "
         "relative to 2 mM Ca.")
register("frankenhaeuser_hodgkin_1957", "Frankenhaeuser B, Hodgkin AL", 1957,
         "The action of calcium on the electrical properties of squid axons", "J Physiol 137(2):218-244",
         "10.1113/jphysiol.1957.sp005808", "strong",
         "Raising external Ca shifts the voltage dependence of the conductances in the depolarizing direction.")
register("grahame_1947", "Grahame DC", 1947, "The electrical double layer and the theory of electrocapillarity",
         "Chem Rev 41(3):441-501", "10.1021/cr60130a002", "standard",
         "Grahame equation relating surface charge density to the diffuse double-layer potential.")
register("mcintyre_2002", "McIntyre CC, Richardson AG, Grill WM", 2002,
         "Modeling the excitability of mammalian nerve fibers: influence of afterpotentials on the recovery cycle",
         "J Neurophysiol 87(2):995-1006", "10.1152/jn.00353.2001", "strong",
         "Node channels (fast Na, persistent Na, slow K, leak) and fibre geometry as in ModelDB 3810 (axnode.mod, "
         "MRGaxon.hoc), read for magnerve; 37 degC.")
register("ding_2000", "Ding J, Wexler AS, Binder-Macleod SA", 2000,
         "Development of a mathematical model that predicts optimal muscle activation patterns by using brief trains",
         "J Appl Physiol 88(3):917-925", None, "moderate",
         "Human quadriceps force model: Ca2+-troponin complex CN (tau_c) driving force F (A, K_m, tau_1, tau_2), "
         "R0 = K_m + 1.04. Parameter values as transcribed in two independent public implementations; the paper "
         "itself was not re-read; DOI not verified.")
register("wood_slater_2001", "Wood SJ, Slater CR", 2001, "Safety factor at the neuromuscular junction",
         "Prog Neurobiol 64(4):393-429", None, "moderate",
         "Review: safety factor of neuromuscular transmission about 2 in human, 3-5 in rodent muscle; quantal "
         "content, quantal size and threshold depolarization (values as recalled, not re-read; DOI not verified).")
register("potter_gergely_1975", "Potter JD, Gergely J", 1975,
         "The calcium and magnesium binding sites on troponin and their role in the regulation of myofibrillar "
         "adenosine triphosphatase", "J Biol Chem 250(12):4628-4633", None, "moderate",
         "Troponin C: two Ca-specific (regulatory) sites and two Ca-Mg sites where Mg competes with Ca "
         "(constants as recalled, not re-read; DOI not verified).")
register("lamb_stephenson_1991", "Lamb GD, Stephenson DG", 1991,
         "Effect of Mg2+ on the control of Ca2+ release in skeletal muscle fibres of the toad",
         "J Physiol 434:507-528", None, "moderate",
         "Cytoplasmic Mg2+ inhibits RyR1 Ca release; release follows when free Mg falls below about 0.1 mM "
         "(LITERATURE.md summary; paper not re-read; DOI not verified).")
register("crc_handbook_2014", "Haynes WM (ed)", 2014, "CRC Handbook of Chemistry and Physics, 95th ed",
         "CRC Press, Boca Raton", None, "standard",
         "Relative permittivity of water 78.4 at 25 degC; vacuum permittivity 8.8541878e-12 F/m.")

# -- Cables and myelinated axons (issue 5) ----------------------------------------------------------------------------
register("jack_noble_tsien_1975", "Jack JJB, Noble D, Tsien RW", 1975, "Electric Current Flow in Excitable Cells",
         "Clarendon Press, Oxford", None, "standard",
         "Textbook closed forms of the passive finite cable (length constant, sealed-end steady state, input "
         "resistance r_i lambda coth(L/lambda)); standard results, book not re-read here.")
register("hursh_1939", "Hursh JB", 1939, "Conduction velocity and diameter of nerve fibers",
         "Am J Physiol 127(1):131-139", "10.1152/ajplegacy.1939.127.1.131", "strong",
         "Cat peripheral nerve: conduction velocity about 6 m/s per um of (fixed) outer fibre diameter, the classic "
         "'Hursh factor' (as quoted by DESIGN.md and widely in textbooks); the paper itself was not re-read here and "
         "the DOI was not verified.")
register("moore_1978", "Moore JW, Joyner RW, Brill MH, Waxman SD, Najar-Joa M", 1978,
         "Simulations of conduction in uniform myelinated fibers: relative sensitivity to changes in nodal and "
         "internodal parameters", "Biophys J 21(2):147-160", "10.1016/S0006-3495(78)85515-5", "moderate",
         "Model study: conduction velocity falls as myelin thins (fewer lamellae: larger myelin capacitance and "
         "conductance); direction used, numbers not re-read here (ModelDB 9851 description read); DOI not verified.")
# -- Cortical spreading depression (1-D tissue strip) ---------------------------------------------------------------
register("huebel_dahlem_2014", "Hübel N, Dahlem MA", 2014,
         "Dynamics from seconds to hours in Hodgkin-Huxley model with time-dependent ion concentrations and buffer "
         "reservoirs", "PLoS Comput Biol 10(12):e1003941", "10.1371/journal.pcbi.1003941", "moderate",
         "Membrane model of the tissue strip: conductances, reduced HH gating (h a function of n, PHI = 3), Na/K "
         "pump, Cl leak, volumes and initial concentrations read from their XPPAUT file (ModelDB 167714, "
         "spreading-depression.ode). The paper text itself was not re-read; DOI as recalled, not verified.")
register("newton_2018", "Newton AJH, McDougal RA, Hines ML, Lytton WW", 2018,
         "Using NEURON for reaction-diffusion modeling of extracellular dynamics", "Front Neuroinform 12:41",
         "10.3389/fninf.2018.00041", "moderate",
         "Persistent-Na gating (half activation -40 mV slope 6, half inactivation -48 mV slope 6, 0.4 mS/cm2) of the "
         "Wei, Ullah & Schiff 2014 neuron as transcribed in NEURON's extracellular rxd example; Wei et al not read.")
register("kager_2000", "Kager H, Wadman WJ, Somjen GG", 2000,
         "Simulated seizures and spreading depression in a neuron model incorporating interstitial space and ion "
         "concentrations", "J Neurophysiol 84(1):495-512", "10.1152/jn.2000.84.1.495", "moderate",
         "Form of the Na/K pump, Imax (1 + KmK/[K]o)^-2 (1 + KmNa/[Na]i)^-3 (KmK 2 mM, KmNa 10 mM, Imax 13 uA/cm2 "
         "as read in ModelDB 222321 nakpump.mod), and of the glial K+ buffer (500 mM, binding sigmoid at 15 mM; "
         "Kager's unbinding rate 0.0008/ms as transcribed in a NEURON kdifus.mod, not used: Hübel & Dahlem's slower "
         "rate is). Paper not re-read; which values are Kager's own is not verified.")
register("somjen_2008", "Somjen GG, Kager H, Wadman WJ", 2008,
         "Computer simulations of neuron-glia interactions mediated by ion flux", "J Comput Neurosci 25(2):349-365",
         "10.1007/s10827-008-0083-9", "moderate",
         "Free diffusion coefficients Na 1.33, K 1.96, Cl 2.03 um2/ms as used (citing 'Somjen 2008') in ModelDB "
         "267499 (saccum1.mod); the paper was not re-read; DOI as recalled, not verified.")
register("nicholson_sykova_1998", "Nicholson C, Syková E", 1998, "Extracellular space structure revealed by "
         "diffusion analysis", "Trends Neurosci 21(5):207-215", "10.1016/s0166-2236(98)01261-2", "strong",
         "Brain extracellular volume fraction about 0.2 and tortuosity about 1.6 (also the values of NEURON's rxd "
         "SD example); review not re-read for magnerve.")
register("assumption_csd", "magnerve developers", 2026,
         "Modelling assumption of the cortical tissue strip (NMDA activation by local depolarization)", "this project",
         None, "weak/hypothesis",
         "Glutamate is not modelled: NMDA activation is a sigmoid of local V (half -40 mV, slope 4 mV: "
         "at rest below 0.1 % active) and its "
         "density 1 mS/cm2; chosen once as plausible, not fitted to the CSD targets.")
register("leao_1944", "Leão AAP", 1944, "Spreading depression of activity in the cerebral cortex",
         "J Neurophysiol 7(6):359-390", "10.1152/jn.1944.7.6.359", "strong",
         "Discovery of SD in rabbit cortex; propagation of a few mm/min (2-5 mm/min as commonly summarized); not "
         "re-read for magnerve.")
register("lauritzen_1994", "Lauritzen M", 1994, "Pathophysiology of the migraine aura. The spreading depression "
         "theory", "Brain 117(1):199-210", "10.1093/brain/117.1.199", "strong",
         "Migraine aura and its cortical correlate advance at about 3 mm/min, the speed of SD; not re-read.")
register("somjen_2001", "Somjen GG", 2001, "Mechanisms of spreading depression and hypoxic spreading "
         "depression-like depolarization", "Physiol Rev 81(3):1065-1096", "10.1152/physrev.2001.81.3.1065", "strong",
         "Review: during SD [K]o rises to several tens of mM (about 30-60 mM as commonly summarized), neurons "
         "depolarize to near 0 mV, propagation 2-5 mm/min; values as recalled, review not re-read for magnerve.")
register("zandt_2013", "Zandt BJ, ten Haken B, van Putten MJAM", 2013, "Diffusing substances during spreading "
         "depolarization: analytical expressions for propagation speed, triggering, and concentration time courses",
         "J Neurosci 33(14):5915-5923", "10.1523/JNEUROSCI.5115-12.2013", "moderate",
         "Introduction (read): SD is typically reported as a slowly progressing 2-10 mm/min wave.")
register("avoli_1991", "Avoli M, Drapeau C, Louvel J, Pumain R, Olivier A, Villemure JG", 1991,
         "Epileptiform activity induced by low extracellular magnesium in the human cortex maintained in vitro",
         "Ann Neurol 30(4):589-596", None, "moderate",
         "Abstract read: Mg-free ACSF made human neocortical slices show epileptiform discharges and SD episodes "
         "(20-30 mV negative shifts up to 200 s); neither occurred with NMDA antagonists. Journal details as "
         "recalled, DOI not verified.")
register("santos_2016", "Santos E, León F, Silos H, Sanchez-Porras R, Shuttleworth CW, Unterberg A, Sakowitz OW",
         2016, "Incidence, hemodynamic, and electrical characteristics of spreading depolarization in a swine model "
         "are affected by local but not by intravenous application of magnesium", "J Cereb Blood Flow Metab "
         "36(12):2051-2057", "10.1177/0271678X16671317", "moderate",
         "Abstract read: topical MgSO4 completely inhibited SD in gyrencephalic swine cortex; SDs returning after "
         "washout had attenuated speed; intravenous Mg had no effect.")
register("mody_1987", "Mody I, Lambert JD, Heinemann U", 1987, "Low extracellular magnesium induces epileptiform "
         "activity and spreading depression in rat hippocampal slices", "J Neurophysiol 57(3):869-888",
         "10.1152/jn.1987.57.3.869", "moderate",
         "Title-level support (as recalled; the paper was not read for magnerve): lowering [Mg]o alone elicits SD "
         "in slices.")
register("heinemann_lux_1977", "Heinemann U, Lux HD", 1977, "Ceiling of stimulus induced rises in extracellular "
         "potassium concentration in the cerebral cortex of cat", "Brain Res 120(2):231-249", None, "strong",
         "Stimulus-induced [K]o rises stop at a ceiling of about 10-12 mM in healthy cortex; SD goes beyond it. "
         "As recalled and widely cited; the paper was not re-read for magnerve, DOI not verified.")
register("aguiar_2010", "Aguiar P, Sousa M, Lima D", 2010,
         "NMDA channels together with L-type calcium currents and calcium-activated nonspecific cationic currents "
         "are sufficient to generate windup in WDR neurons", "J Neurophysiol 104(2):1155-1166",
         None, "moderate",
         "Read for magnerve: the authors' NEURON code (ModelDB 128559: WDR.hoc, wdr-complete-model.hoc and the mod "
         "files HH2, iNaP, iCaL, iCaAN, iKCa, CaIntraCellDyn, AMPA/NMDA/NK1_DynSyn), from which every WDR parameter "
         "is taken, and NEURON's defaults where the code sets nothing (ena 50, ek -77 mV in hillock and axon, ecan "
         "0 mV, cao 2 mM, mgo 1 mM). The paper's text and figure values were not read; the ModelDB screenshot of "
         "the Fig 2C run (soma voltage, 8 stimuli at 1 Hz) was looked at. DOI not verified. The channel kinetics are "
         "older models carried in those files (Traub & Miles 1991 Na/K; McCormick & Huguenard 1992 L-type Ca; "
         "Destexhe et al 1993/1994 Ca pool, CAN and K(Ca)).")
register("gilling_2009", "Gilling KE, Jatzke C, Hechenberger M, Parsons CG", 2009,
         "Potency, voltage-dependency, agonist concentration-dependency, blocking kinetics and partial untrapping of "
         "the uncompetitive N-methyl-D-aspartate (NMDA) receptor channel blocker memantine at human NMDA "
         "(GluN1/GluN2A) receptors", "Neuropharmacology 56(5):866-875", None, "moderate",
         "Abstract read: memantine IC50 'around 1 uM at -70 mV'; ketamine IC50 at -70 mV 0.71 +/- 0.03 uM, Hill "
         "0.84, delta 0.79 +/- 0.04, 'somewhat less pronounced voltage-dependency' than memantine; ketamine "
         "k_on 0.15e6 /M/s, k_off 0.22 /s; memantine k_on 0.32e6 /M/s, k_off 0.53 /s. Title, volume and pages as "
         "recalled; DOI not verified.")
register("blanpied_1997", "Blanpied TA, Boeckman FA, Aizenman E, Johnson JW", 1997,
         "Trapping channel block of NMDA-activated responses by amantadine and memantine",
         "J Neurophysiol 77(1):309-323", None, "strong",
         "Abstract read: in cultured rat cortical neurons the IC50s of amantadine and memantine at -67 mV were 39 "
         "and 1.4 uM; memantine shows partial trapping. Voltage-dependence numbers not read; DOI not verified.")
register("kotermanski_johnson_2009", "Kotermanski SE, Johnson JW", 2009,
         "Mg2+ imparts NMDA receptor subtype selectivity to the Alzheimer's drug memantine",
         "J Neurosci 29(9):2774-2779", None, "moderate",
         "Physiological Mg2+ lowers the potency of memantine and ketamine at GluN2A/2B receptors more than at "
         "2C/2D (as summarized in secondary sources); the paper's tables were not read, so no number is taken.")
register("mendell_1966", "Mendell LM", 1966,
         "Physiological properties of unmyelinated fiber projection to the spinal cord", "Exp Neurol 16(3):316-332",
         None, "strong",
         "First description of wind-up: repeated C-fibre stimulation at about 1 Hz progressively increases the "
         "discharge of dorsal horn neurones; at low rates (one every few seconds or slower) the response stays "
         "constant. Recalled from reviews; the paper itself was not read; DOI not verified.")
register("herrero_2000", "Herrero JF, Laird JM, Lopez-Garcia JA", 2000,
         "Wind-up of spinal cord neurones and pain sensation: much ado about something?",
         "Prog Neurobiol 61(2):169-203", None, "moderate",
         "Review: wind-up needs C-fibre stimulation at 0.3 Hz or faster and is absent at 0.1 Hz or slower; it is "
         "reduced by NMDA receptor antagonists; measures used include the response to each stimulus normalized to "
         "the first. Recalled, not re-read; DOI not verified.")
register("davies_lodge_1987", "Davies SN, Lodge D", 1987,
         "Evidence for involvement of N-methylaspartate receptors in 'wind-up' of class 2 neurones in the dorsal "
         "horn of the rat", "Brain Res 424(2):402-406", None, "moderate",
         "Ketamine and other NMDA antagonists reduced wind-up of dorsal horn class 2 (WDR) neurones more than their "
         "initial response. Recalled from reviews; not re-read; DOI not verified.")
register("na_2011", "Na HS, Ryu JH, Do SH", 2011, "The role of magnesium in pain",
         "In: Vink R, Nechifor M (eds) Magnesium in the Central Nervous System, University of Adelaide Press "
         "(NCBI Bookshelf NBK507245)", None, "moderate",
         "Abstract read: magnesium prevents central sensitization and attenuates established pain hypersensitivity, "
         "mainly through its voltage-dependent block of NMDA receptors. Author list as recalled.")
register("avioli_berman_1966", "Avioli LV, Berman M", 1966, "Mg28 kinetics in man",
         "J Appl Physiol 21(6):1688-1694", "10.1152/jappl.1966.21.6.1688", "strong",
         "Abstract read (scan): 15 normal adults on metabolic balance, intravenous Mg28, compartmental analysis; "
         "total body exchangeable Mg 3.54 mEq/kg, only 15 % of body Mg in rapid exchange; two fast compartments "
         "distributed like the ECF, a third with over 80 % of the exchangeable pool (intracellular); the rest of "
         "body Mg exchanges very slowly. Compartment table not read.")
register("silver_1960", "Silver L, Robertson JS, Dahl LK", 1960, "Magnesium turnover in the human studied with Mg28",
         "J Clin Invest 39(2):420-425", "10.1172/JCI104055", "moderate",
         "Opening of the paper read: 10 adults, Mg28; at least three compartments with turnover half-times of 1, 3 "
         "and 14-35 h; 25-50 % of body Mg turns over at under 2 %/day; after intravenous Mg28 'only insignificant "
         "amounts appear in the stool'. Authors, volume and pages as recalled, not seen on the page.")
register("sabatier_2003", "Sabatier M, Keyes WR, Pont F, Arnaud MJ, Turnlund JR", 2003,
         "Comparison of stable-isotope-tracer methods for the determination of magnesium absorption in humans",
         "Am J Clin Nutr 77(5):1206-1212", "10.1093/ajcn/77.5.1206", "strong",
         "Abstract read (scan): 6 healthy men, 70 mg 26Mg orally and 30 mg 25Mg intravenously, complete urine and "
         "faeces over 12 days; fractional absorption by faecal monitoring 0.48 +/- 0.05 (SD). The subjects' "
         "dietary Mg was not in the part read. Author list as recalled.")
register("el_sabban_1997", "El-Sabban F, Reid KH, Edmonds HL Jr", 1997,
         "High potassium-induced epileptiform bursting in rat hippocampal slices",
         "J Univ Malaya Med Cent (JUMMEC)", None, "moderate",
         "Abstract read: raising bath K from 3.5 to 8.0 mM produced spontaneous epileptiform bursting in CA1 (38/68 "
         "slices) and CA3 (35/68), first burst after about 23 min.")
