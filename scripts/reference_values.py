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


def quasi_poisson(earlier, later, earlier_days, later_days, phi, quarters):
    """The Wald statistic from statsmodels' Poisson GLM with scale=phi, judged against Student's t with the
    dispersion estimate's degrees of freedom (quarters - 2), as R's quasipoisson does."""
    fit = sm.GLM(np.array([earlier, later], float), sm.add_constant(np.array([0.0, 1.0])),
                 family=sm.families.Poisson(), offset=np.log([earlier_days, later_days])).fit(scale=phi)
    df = quarters - 2
    z, se, b = fit.tvalues[1], fit.bse[1], fit.params[1]
    t975 = scipy.stats.t.ppf(0.975, df)
    return 2 * scipy.stats.t.sf(abs(z), df), np.exp(b - t975 * se), np.exp(b + t975 * se)


def quasi_poisson_zero(earlier, later, earlier_days, later_days, phi, quarters):
    """One count is 0: the deviance of "no change" (statsmodels' intercept-only Poisson GLM with the same
    offsets) divided by phi, as a squared t with quarters - 2 degrees of freedom."""
    null = sm.GLM(np.array([earlier, later], float), np.ones((2, 1)), family=sm.families.Poisson(),
                  offset=np.log([earlier_days, later_days])).fit()
    return 2 * scipy.stats.t.sf(np.sqrt(null.deviance / phi), quarters - 2)


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
    print("quasi", case, [repr(float(v)) for v in quasi_poisson(*case, phi, 12)])
print("quasi zero (0, 30, 91, 91), phi 5, 10 quarters:", repr(float(quasi_poisson_zero(0, 30, 91, 91, 5.0, 10))))
print("quasi zero (30, 0, 90, 92), phi 5, 10 quarters:", repr(float(quasi_poisson_zero(30, 0, 90, 92, 5.0, 10))))
for case in [(2000, 2150, 90, 91), (900, 310, 90, 30), (812, 745, 92, 92), (100, 130, 92, 90)]:
    print("exact per day", case, [repr(float(v)) for v in exact_per_day(*case)])
# Case 5 of issue 19: 2,000 → 2,150 with a dispersion of 3.
print("quasi phi=3, 10 quarters", [repr(float(v)) for v in quasi_poisson(2000, 2150, 91, 91, 3.0, 10)])
# Calendar positions with a gap: 2019-2020 and 2024-2025 complete, a smooth 3% a quarter rise.
gap_quarters = [2019 * 4 + q for q in range(8)] + [2024 * 4 + q for q in range(8)]
gap_counts = [round(1000 * 1.03 ** (q - gap_quarters[0])) for q in gap_quarters]
gap_days = [quarter_days(q // 4, q % 4 + 1) for q in gap_quarters]
t = np.array(gap_quarters, float)
fit = sm.GLM(np.array(gap_counts, float), sm.add_constant(t), family=sm.families.Poisson(),
             offset=np.log(np.array(gap_days, float))).fit(scale="X2", tol=1e-14)
print("gap counts", gap_counts, "days", gap_days, "phi with calendar positions", repr(fit.scale))


# --- Survey findings (EffectSizeTests, StatisticsTests) ---------------------------------------------------
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint


def newcombe_paired(a, b, c, d, z=1.959963984540054):
    """Newcombe (1998, Stat Med 17:2635) method 10, written from the paper's formula (as in Altman et al.,
    Statistics with Confidence, p. 52): the change after − before, where a = yes both times, b = yes → no,
    c = no → yes, d = no both times."""
    n = a + b + c + d
    p_after, p_before = (a + c) / n, (a + b) / n
    l1, u1 = proportion_confint(a + c, n, alpha=0.05, method="wilson")
    l2, u2 = proportion_confint(a + b, n, alpha=0.05, method="wilson")
    A = (a + b) * (c + d) * (a + c) * (b + d)
    B = a * d - b * c
    C = B - n / 2 if B > n / 2 else (B if B < 0 else 0)
    phi = C / A ** 0.5 if A > 0 else 0
    theta = p_after - p_before
    low = theta - ((p_after - l1) ** 2 - 2 * phi * (p_after - l1) * (u2 - p_before) + (u2 - p_before) ** 2) ** 0.5
    high = theta + ((p_before - l2) ** 2 - 2 * phi * (p_before - l2) * (u1 - p_after) + (u1 - p_after) ** 2) ** 0.5
    return theta, max(-1, low), min(1, high)


def pratt_effect(before, after):
    """Matched-pairs rank-biserial with the unchanged ranked (Pratt): (W+ − W−) / (n(n+1)/2), n = all pairs."""
    d = np.array(after, float) - np.array(before, float)
    ranks = scipy.stats.rankdata(np.abs(d))
    return (ranks[d > 0].sum() - ranks[d < 0].sum()) / (len(d) * (len(d) + 1) / 2)


print("newcombe paired (a, b, c, d):")
for table in [(0, 0, 10, 0), (0, 0, 9, 1), (0, 1, 9, 0), (12, 0, 0, 0), (0, 0, 0, 12), (5, 3, 12, 20), (1, 1, 7, 12), (8, 2, 1, 3)]:
    print(" ", table, [repr(float(v)) for v in newcombe_paired(*table)])
print("newcombe independent (second − first): statsmodels confint_proportions_2indep(method='newcomb')")
for yes1, n1, yes2, n2 in [(12, 40, 25, 45), (0, 10, 10, 10), (3, 20, 3, 20), (2, 10, 7, 11)]:
    low, high = confint_proportions_2indep(yes2, n2, yes1, n1, method="newcomb", compare="diff")
    print(" ", (yes1, n1, yes2, n2), repr(yes2 / n2 - yes1 / n1), repr(float(low)), repr(float(high)))
print("Pratt effect, 44 unchanged, 14 up, 2 down:", repr(pratt_effect([3] * 60, [3] * 44 + [4] * 14 + [2] * 2)))
before = [2, 3, 3, 4, 2, 1, 3, 4, 5, 2, 3, 3]
after = [3, 4, 3, 5, 3, 2, 3, 4, 5, 4, 4, 2]
print("Pratt effect, EffectSizeTests pairs:", repr(pratt_effect(before, after)))
print("Pratt effect, [1,2,3] -> [2,3,4]:", repr(pratt_effect([1, 2, 3], [2, 3, 4])))
