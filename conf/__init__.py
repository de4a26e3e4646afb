"""orgsim's shipped Hydra configs, as package data (located with importlib.resources)."""
