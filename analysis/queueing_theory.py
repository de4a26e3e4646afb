"""Closed-form M/M/c results (Erlang C) that the engine must reproduce."""

from __future__ import annotations


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
