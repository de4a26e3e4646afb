"""Samplers for service-time distributions given by mean and coefficient of variation."""

from __future__ import annotations

import math
from collections.abc import Callable
from statistics import NormalDist

import numpy as np
from scipy import special

from orgsim.sim.spec import ServiceTime

_NORMAL = NormalDist()


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


def quantile(service: ServiceTime, u: float) -> float:
    """The ``u``-quantile of ``service``: turns one uniform draw into a duration.

    Used for transfer delays, which are drawn (as uniforms) when a matter arrives but take
    their distribution from the structure the matter meets.
    """
    u = min(max(u, 1e-12), 1.0 - 1e-12)
    mean = float(service.mean)
    if service.distribution == "exponential":
        return -mean * math.log1p(-u)
    if service.distribution == "deterministic":
        return mean
    cv = float(service.coefficient_of_variation)
    if service.distribution == "lognormal":
        sigma2 = math.log1p(cv * cv)
        return math.exp(math.log(mean) - sigma2 / 2 + math.sqrt(sigma2) * _NORMAL.inv_cdf(u))
    if service.distribution == "gamma":
        shape = 1.0 / (cv * cv)
        return float(special.gammaincinv(shape, u)) * mean * cv * cv
    raise ValueError(f"unknown distribution {service.distribution!r}")
