"""The Matchmaker engine: pure functions of graphs and arrays.

Nothing in this package imports Flask or opens a database session. Services load data, turn it into the
plain structures these functions take (networkx graphs, numpy arrays, scipy sparse matrices, small frozen
dataclasses) and store what comes back.
"""
