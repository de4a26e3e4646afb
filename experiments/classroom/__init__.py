"""The classroom page: two offices side by side, live, for teaching when merging helps."""
