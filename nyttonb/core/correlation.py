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
                    f"'{key}' är ingen faktor" + (f"; {hint}" if hint else "."),
                    path=path,
                    fix="Ange en gemensam faktor, eller en faktor som hör till en nytta eller "
                    "kostnad som '<id>.<namn>'.",
                )
            if key not in varying:
                raise CaseFileError(
                    f"'{key}' har samma värde för Lägst och Högst och kan därför inte variera "
                    "med en annan faktor.",
                    path=path,
                    fix="Ge den ett intervall, eller ta bort korrelationen.",
                )
        pair = frozenset((c.first, c.second))
        if len(pair) == 1:
            raise CaseFileError(
                f"'{c.first}' är korrelerad med sig själv.",
                path=path,
                fix="Ange två olika faktorer.",
            )
        if pair in seen:
            raise CaseFileError(
                f"{c.first} och {c.second} är korrelerade två gånger.",
                path=path,
                fix="Ange varje par en gång.",
            )
        seen.add(pair)
    keys = sorted({k for c in correlations for k in (c.first, c.second)})
    if keys and np.linalg.eigvalsh(correlation_matrix(keys, correlations)).min() <= 1e-10:
        raise CaseFileError(
            "korrelationerna går inte ihop (inga faktorer kan ha alla på en gång).",
            path="correlations",
            fix="Försvaga några av dem: t.ex. a med b på 0.9 och b med c på 0.9 kräver att a "
            "med c ligger en bra bit över 0.",
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
