"""Pure vectorized functions of voltage and the ionic milieu, each with its reference."""
