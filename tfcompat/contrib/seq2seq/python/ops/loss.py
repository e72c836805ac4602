"""TF 1.15's `contrib/seq2seq/python/ops/loss.py`: `sequence_loss`."""

from tfcompat.contrib.seq2seq import loss as _mod_loss

sequence_loss = _mod_loss.sequence_loss

__all__ = ["sequence_loss"]
