"""The melody model's default orders, in a module of their own so that what only shows them
(``livectl generate --help``) does not load the model and numpy with it.

Chosen by measurement on Essen (bench/bench_compose.py, docs/compose.md), on a validation
split carved out of the training tunes: with escape weight 12 the held-out loss falls up to
order 8 for both streams; pitch stops at 6, where the loss is within 0.04 bits of order 8 and
sampled melodies copy fewer long runs of the training tunes.
"""

DEFAULT_PITCH_ORDER = 6
DEFAULT_DURATION_ORDER = 8
DEFAULT_ESCAPE = 12.0
