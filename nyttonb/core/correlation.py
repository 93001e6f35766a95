"""Correlated factors in the Monte Carlo analysis, by rank (Iman and Conover, 1982).

Factors are drawn independently unless a case states a correlation, e.g. that the number of
meetings and the share held digitally tend to rise together. Iman and Conover's method keeps
each factor's own distribution (PERT or triangular, exactly as drawn) and only reorders the
draws so that their ranks follow correlated normal scores: the rank correlation of the result is
close to the stated one. It needs no inverse distribution functions, only sorting.

Reference: Iman, R. L. and Conover, W. J. (1982), "A distribution-free approach to inducing
rank correlation among input variables", Communications in Statistics B 11(3), 311–334.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from nyttonb.core.model import Correlation
from nyttonb.errors import CaseFileError, did_you_mean

FloatArray = npt.NDArray[np.float64]


def correlation_matrix(keys: Sequence[str], correlations: Sequence[Correlation]) -> FloatArray:
    """The matrix over `keys` with 1 on the diagonal and the stated correlations elsewhere.

    >>> from nyttonb.core.model import Correlation
    >>> correlation_matrix(["a", "b"], [Correlation("a", "b", 0.5)]).tolist()
    [[1.0, 0.5], [0.5, 1.0]]
    """
    index = {key: i for i, key in enumerate(keys)}
    matrix = np.eye(len(keys))
    for c in correlations:
        i, j = index[c.first], index[c.second]
        matrix[i, j] = matrix[j, i] = c.rho
    return matrix


def check_correlations(
    correlations: Sequence[Correlation], varying: Sequence[str], all_keys: Sequence[str]
) -> None:
    """Every correlation names two different factors that vary, once, and together they fit.

    Raises CaseFileError with the path `correlations[i]` and the fix.
    """
    seen: set[frozenset[str]] = set()
    for i, c in enumerate(correlations):
        path = f"correlations[{i}]"
        for key in (c.first, c.second):
            if key not in all_keys:
                hint = did_you_mean(key, all_keys)
                raise CaseFileError(
                    f"'{key}' names no factor" + (f"; {hint}" if hint else "."),
                    path=path,
                    fix="Name a shared factor, or an item's own factor as '<item id>.<name>'.",
                )
            if key not in varying:
                raise CaseFileError(
                    f"'{key}' has the same low and high value, so it cannot vary with another "
                    "factor.",
                    path=path,
                    fix="Give it a range, or remove the correlation.",
                )
        pair = frozenset((c.first, c.second))
        if len(pair) == 1:
            raise CaseFileError(
                f"'{c.first}' is correlated with itself.",
                path=path,
                fix="Name two different factors.",
            )
        if pair in seen:
            raise CaseFileError(
                f"{c.first} and {c.second} are correlated twice.",
                path=path,
                fix="State each pair once.",
            )
        seen.add(pair)
    keys = sorted({k for c in correlations for k in (c.first, c.second)})
    if keys and np.linalg.eigvalsh(correlation_matrix(keys, correlations)).min() <= 1e-10:
        raise CaseFileError(
            "the correlations do not fit together (no set of factors can have them all).",
            path="correlations",
            fix="Weaken some of them: e.g. a with b at 0.9 and b with c at 0.9 need a with c "
            "well above 0.",
        )


def rank_correlate(
    drawn: Mapping[str, FloatArray], correlations: Sequence[Correlation], rng: np.random.Generator
) -> dict[str, FloatArray]:
    """The draws reordered so that correlated factors' ranks follow the stated correlations.

    Factors not named in a correlation are returned as drawn; each factor keeps exactly the
    values it was drawn with (only their order changes).
    """
    result = dict(drawn)
    keys = sorted({k for c in correlations for k in (c.first, c.second)})
    if not keys:
        return result
    n = len(next(iter(drawn.values())))
    cholesky = np.linalg.cholesky(correlation_matrix(keys, correlations))
    scores = rng.standard_normal((n, len(keys))) @ cholesky.T
    for j, key in enumerate(keys):
        ranks = np.argsort(np.argsort(scores[:, j]))
        result[key] = np.sort(drawn[key])[ranks]
    return result
