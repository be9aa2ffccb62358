package analysis

import "math"

var nan = math.NaN()
