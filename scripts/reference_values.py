"""Reference values for the crime-picture change tests (CountComparisonTests), from scipy and statsmodels.

Run: python3 scripts/reference_values.py   (pip install scipy statsmodels)
"""
import calendar
import warnings

import numpy as np
import scipy.stats
import statsmodels.api as sm

# A two-count model is saturated: statsmodels warns about it, but the scale is given, so the test is defined.
warnings.filterwarnings("ignore")


def quarter_days(year, q):
    return sum(calendar.monthrange(year, m)[1] for m in range(3 * q - 2, 3 * q + 1))


def dispersion(counts, days):
    t = np.arange(len(counts), dtype=float)
    fit = sm.GLM(np.array(counts, float), sm.add_constant(t), family=sm.families.Poisson(),
                 offset=np.log(np.array(days, float))).fit(scale="X2")
    return fit.scale


def quasi_poisson(earlier, later, earlier_days, later_days, phi):
    fit = sm.GLM(np.array([earlier, later], float), sm.add_constant(np.array([0.0, 1.0])),
                 family=sm.families.Poisson(), offset=np.log([earlier_days, later_days])).fit(scale=phi)
    low, high = np.exp(fit.conf_int(alpha=0.05)[1])
    return fit.pvalues[1], low, high


def exact_per_day(earlier, later, earlier_days, later_days):
    r = scipy.stats.binomtest(later, earlier + later, later_days / (earlier_days + later_days))
    ci = r.proportion_ci(confidence_level=0.95, method="exact")
    scale = earlier_days / later_days
    high = np.inf if ci.high >= 1 else ci.high / (1 - ci.high) * scale
    return r.pvalue, ci.low / (1 - ci.low) * scale, high


# 12 quarters, 2023 Q1 to 2025 Q4, with a trend and more noise than Poisson.
history = [1850, 2010, 1930, 2105, 1990, 2200, 2040, 1960, 2230, 2000, 2150, 2290]
history_days = [quarter_days(2023 + i // 4, i % 4 + 1) for i in range(12)]
phi = dispersion(history, history_days)
print("history days", history_days)
print(f"dispersion phi = {phi!r}")
for case in [(2000, 2150, 90, 91), (2000, 2150, 92, 92), (900, 930, 92, 90)]:
    print("quasi", case, [repr(float(v)) for v in quasi_poisson(*case, phi)])
for case in [(2000, 2150, 90, 91), (900, 310, 90, 30), (812, 745, 92, 92), (100, 130, 92, 90)]:
    print("exact per day", case, [repr(float(v)) for v in exact_per_day(*case)])
# Case 5 of issue 19: 2,000 → 2,150 with a dispersion of 3.
print("quasi phi=3", [repr(float(v)) for v in quasi_poisson(2000, 2150, 91, 91, 3.0)])
