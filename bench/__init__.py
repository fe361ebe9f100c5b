"""The benchmark: a company-sized dataset (`manage.py generate_dataset`), the floor
views it is measured against, and the runner of `make bench` (bench/run.py)."""
