"""Quantiles of a long non-negative stream in bounded memory.

Values are buffered and folded into a fixed log-spaced histogram (256 bins per decade
from 1e-6 to 1e9, so a reported quantile is within 0.5% of the true one). Exact zeros
(matters served at once) are counted apart, so P(wait > 0) and a zero median are
exact. While fewer values than one buffer have arrived, quantiles are exact.
"""

from __future__ import annotations

import numpy as np

BINS_PER_DECADE = 256
LOG10_LOW, LOG10_HIGH = -6, 9
N_BINS = (LOG10_HIGH - LOG10_LOW) * BINS_PER_DECADE
BUFFER_SIZE = 1 << 16


class StreamingQuantiles:
    """Count, sum and quantiles of non-negative values, memory flat in their number."""

    __slots__ = ("_counts", "_folded", "buffer", "count", "positive", "total")

    def __init__(self) -> None:
        self.buffer: list[float] = []
        self._counts = np.zeros(N_BINS, dtype=np.int64)
        self._folded = False
        self.count = 0
        self.positive = 0
        self.total = 0.0

    def add(self, value: float) -> None:
        """Record one value (hot loops may append to ``buffer`` and call ``fold``)."""
        buffer = self.buffer
        buffer.append(value)
        if len(buffer) >= BUFFER_SIZE:
            self.fold()

    def fold(self) -> None:
        """Move the buffered values into the histogram."""
        values = np.asarray(self.buffer, dtype=float)
        self.buffer.clear()
        self._absorb(values)
        positive = values[values > 0]
        if positive.size:
            index = np.floor((np.log10(positive) - LOG10_LOW) * BINS_PER_DECADE).astype(np.int64)
            np.clip(index, 0, N_BINS - 1, out=index)
            self._counts += np.bincount(index, minlength=N_BINS)
        self._folded = True

    def _absorb(self, values: np.ndarray) -> None:
        self.count += int(values.size)
        self.positive += int(np.count_nonzero(values > 0))
        self.total += float(values.sum())

    def summary(self, probabilities: tuple[float, ...]) -> tuple[int, int, float, list[float]]:
        """Return (count, count of positive values, mean, quantiles)."""
        if not self._folded:
            values = np.asarray(self.buffer, dtype=float)
            count = int(values.size)
            if count == 0:
                return 0, 0, float("nan"), [float("nan")] * len(probabilities)
            quantiles = np.quantile(values, probabilities).tolist()
            return count, int(np.count_nonzero(values > 0)), float(values.mean()), quantiles
        if self.buffer:
            self.fold()
        zeros = self.count - self.positive
        cumulative = np.cumsum(self._counts)
        quantiles = []
        for p in probabilities:
            rank = p * self.count
            if rank <= zeros:
                quantiles.append(0.0)
                continue
            i = int(np.searchsorted(cumulative, rank - zeros))
            quantiles.append(10 ** (LOG10_LOW + (i + 0.5) / BINS_PER_DECADE))
        return self.count, self.positive, self.total / self.count, quantiles
