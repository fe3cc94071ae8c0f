"""The deployment report as a library: the checklist model (checklist), measurements (observations), run facts
(facts), from results to the report's data (model), its renderings (markdown) and files (files). No pytest here:
plugins/report.py and plugins/checklist.py feed it from pytest's hooks."""
