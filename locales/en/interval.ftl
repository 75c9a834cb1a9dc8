# Honest ratings (METHODOLOGY.md §8): the interval of an index and ties between neighbours.

# The digest caption: a leader whose interval overlaps a neighbour's in the rating.
interval-caption-mark = · on par with neighbours
interval-caption-legend = "On par with neighbours": the confidence intervals of adjacent places overlap; the difference is within the sampling error.
# The fifth and the sixth of the official rating cannot be told apart.
interval-caption-tie = 5th and 6th places are indistinguishable: { $sixth } ({ $index }) is on par with { $fifth }.

# /my_index, under the index line.
interval-my-index = { $percent } % interval: { $low } – { $high }
interval-my-index-undefined = { $percent } % interval not defined yet: too few questionnaires.
