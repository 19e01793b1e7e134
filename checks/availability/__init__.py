"""AVL: availability budget: does the design's weakest serving path reach its target?

The SLA table is `_sla`, the weakest-path computation `_budget`.
"""
