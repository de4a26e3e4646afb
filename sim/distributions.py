"""Samplers for service-time distributions given by mean and coefficient of variation."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.spec import ServiceTime


def sampler(service: ServiceTime, rng: np.random.Generator) -> Callable[[int], np.ndarray]:
    """Return ``draw(n)`` giving ``n`` work contents for ``service`` from ``rng``."""
    mean = float(service.mean)
    if service.distribution == "exponential":
        return lambda n: rng.exponential(mean, n)
    if service.distribution == "deterministic":
        return lambda n: np.full(n, mean)
    cv = float(service.coefficient_of_variation)
    if service.distribution == "lognormal":
        sigma2 = np.log1p(cv * cv)
        mu = np.log(mean) - sigma2 / 2.0
        sigma = float(np.sqrt(sigma2))
        return lambda n: rng.lognormal(mu, sigma, n)
    if service.distribution == "gamma":
        shape = 1.0 / (cv * cv)
        scale = mean * cv * cv
        return lambda n: rng.gamma(shape, scale, n)
    raise ValueError(f"unknown distribution {service.distribution!r}")
