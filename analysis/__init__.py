"""Output analysis for orgsim: intervals over replications, paired comparisons, figures."""
