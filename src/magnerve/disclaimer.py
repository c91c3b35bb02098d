"""The one disclaimer every interface shows (command line, report, explorer, JSON and Dataset outputs)."""

DISCLAIMER = "magnerve is a research and teaching tool, not a diagnosis or medical advice."
