"""Readouts from simulation results: I-V curves, rates, conduction, force."""
