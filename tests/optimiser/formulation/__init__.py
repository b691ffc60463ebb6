"""One test module per rule family of ``optimiser.formulation``: the rule holding, and what it costs."""
