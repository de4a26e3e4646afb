"""orgsim's command line: Hydra configs in, validated specs, replications, result files out."""
