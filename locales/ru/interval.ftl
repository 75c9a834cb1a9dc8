# Honest ratings (METHODOLOGY.md §8): the interval of an index and ties between neighbours.

# The digest caption: a leader whose interval overlaps a neighbour's in the rating.
interval-caption-mark = · на уровне соседей
interval-caption-legend = «На уровне соседей»: доверительные интервалы соседних мест пересекаются, разница в пределах погрешности выборки.
# The fifth and the sixth of the official rating cannot be told apart.
interval-caption-tie = 5-е и 6-е места не различимы: { $sixth } ({ $index }) на уровне { $fifth }.

# /my_index, under the index line.
interval-my-index = { $percent } % интервал: { $low } – { $high }
interval-my-index-undefined = { $percent } % интервал не определён: анкет пока слишком мало.
