/* The tables of the decimal-to-double conversion (num.h): exact powers of ten, truncated powers of five. */
#include "num.h"

const double evc_pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

#include "pow5_table.h"
