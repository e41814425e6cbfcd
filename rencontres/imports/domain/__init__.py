"""Imports from spreadsheets: read a file, map its columns, check each row, then register
the rows through the registration's own rules (see running.py)."""
