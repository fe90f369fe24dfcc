-- wilson macros: the 95 % Wilson score interval (z = 1.959963984540054) of k successes
-- in n trials, shared by court_quarter_rankings and judge_quarter_performance.
-- centre (p + z²/2n) / (1 + z²/n), half-width z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
-- The ends are exact where the formula is only approximately so in floating point:
-- k = 0 gives ci_low 0 and k = n gives ci_high 1 (never 6.4e-18 or 0.9999999999999998).
-- NULL when n is 0 or NULL, or k is outside 0..n.
create or replace temp macro wilson_low(k, n) as
    case
        when n is null or n <= 0 or k is null or k < 0 or k > n then null
        when k = 0 then 0.0
        else greatest(0.0,
            ((k / n) + 1.959963984540054 ^ 2 / (2 * n)
             - 1.959963984540054 * sqrt((k / n) * (1 - k / n) / n + 1.959963984540054 ^ 2 / (4 * n * n)))
            / (1 + 1.959963984540054 ^ 2 / n))
    end;

create or replace temp macro wilson_high(k, n) as
    case
        when n is null or n <= 0 or k is null or k < 0 or k > n then null
        when k = n then 1.0
        else least(1.0,
            ((k / n) + 1.959963984540054 ^ 2 / (2 * n)
             + 1.959963984540054 * sqrt((k / n) * (1 - k / n) / n + 1.959963984540054 ^ 2 / (4 * n * n)))
            / (1 + 1.959963984540054 ^ 2 / n))
    end;
