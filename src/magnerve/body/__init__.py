"""Whole-body magnesium: intake, absorption, kidney, serum, CSF; the milieus the tissues see."""
