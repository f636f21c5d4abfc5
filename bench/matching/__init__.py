"""Benchmark of growpath.matching against dense scipy, greedy, stable and HospitalResident."""
