"""Closed-form M/M/c results (Erlang C) that the engine must reproduce."""

from __future__ import annotations

import math

from scipy.optimize import brentq


def erlang_c(servers: int, offered_load: float) -> float:
    """Probability an arrival must wait in M/M/c, with offered load a = λ/μ < c."""
    if not 0 <= offered_load < servers:
        raise ValueError(f"offered load {offered_load} must be in [0, servers={servers})")
    term = 1.0
    total = 1.0  # running sum of a^k / k! for k < c
    for k in range(1, servers):
        term *= offered_load / k
        total += term
    last = term * offered_load / servers  # a^c / c!
    top = last * servers / (servers - offered_load)
    return top / (total + top)


def mmc_mean_wait(servers: int, arrival_rate: float, service_rate: float) -> float:
    """Mean wait in queue Wq = C(c, a) / (cμ - λ)."""
    probability = erlang_c(servers, arrival_rate / service_rate)
    return probability / (servers * service_rate - arrival_rate)


def mmc_mean_in_system(servers: int, arrival_rate: float, service_rate: float) -> float:
    """Mean number in system L = λ (Wq + 1/μ), by Little's law."""
    return arrival_rate * (mmc_mean_wait(servers, arrival_rate, service_rate) + 1 / service_rate)


def utilisation(servers: int, arrival_rate: float, service_rate: float) -> float:
    """Server utilisation ρ = λ / (cμ)."""
    return arrival_rate / (servers * service_rate)


def mmc_response_within(servers: int, arrival_rate: float, service_rate: float, t: float) -> float:
    """P(wait + service <= t) in FCFS M/M/c: the deadline attainment theory predicts.

    The wait is 0 with probability 1 - C, else exponential with rate θ = cμ - λ; the
    service is exponential with rate μ and independent of the wait.
    """
    waits = erlang_c(servers, arrival_rate / service_rate)
    theta = servers * service_rate - arrival_rate
    mu = service_rate
    if abs(theta - mu) < 1e-12:
        beyond_after_wait = math.exp(-mu * t) * (1 + mu * t)
    else:
        beyond_after_wait = (theta * math.exp(-mu * t) - mu * math.exp(-theta * t)) / (theta - mu)
    beyond = (1 - waits) * math.exp(-mu * t) + waits * beyond_after_wait
    return 1 - beyond


def mmc_capacity(servers: int, service_rate: float, t: float, share: float) -> float:
    """Largest arrival rate at which a share ``share`` of matters is done within ``t``."""
    top = servers * service_rate * (1 - 1e-12)
    if mmc_response_within(servers, top, service_rate, t) >= share:
        return top
    return float(
        brentq(lambda rate: mmc_response_within(servers, rate, service_rate, t) - share, 0, top)
    )


def pollaczek_khinchine_wait(arrival_rate: float, mean_service: float, service_cv: float) -> float:
    """Mean wait in queue of M/G/1: Wq = λ E[S²] / (2 (1 - ρ)), with E[S²] = m² (1 + cv²).

    One case handler doing k exponential steps of mean m/k each is M/E_k/1: cv = 1/√k.
    """
    load = arrival_rate * mean_service
    if not 0 <= load < 1:
        raise ValueError(f"load {load} must be in [0, 1)")
    second_moment = mean_service**2 * (1 + service_cv**2)
    return arrival_rate * second_moment / (2 * (1 - load))
