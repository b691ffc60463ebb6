"""Charts of a result."""

from __future__ import annotations

from pathlib import Path

from models import Region, Result
from models.i18n import Words, t_

#: the Okabe-Ito palette, colour-blind safe (maps, comparison charts); the yellow last, as it reads worst on white
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442")


def fair_share_chart(region: Region, result: Result, path: Path, words: Words | None = None) -> Path:
    """Bar chart per type: places per municipality in the last year against the exact fair share; its texts in
    the language of ``words`` (Dutch by default)."""
    w = words or Words()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not result.fair_share:
        raise ValueError(t_("the result has no fair-share figures (fair share is switched off)"))
    last = result.last_year
    rows = [r for r in result.fair_share if r.year == last]
    types = list(dict.fromkeys(r.type for r in rows))
    munis = [m.code for m in region.municipalities]
    names = result.names
    label = result.labels
    fig, axes = plt.subplots(len(types), 1, figsize=(9, 1.9 * len(types) + 0.8), dpi=100, squeeze=False)
    for ax, t in zip(axes[:, 0], types, strict=True):
        per = {r.municipality: r for r in rows if r.type == t}
        xs = range(len(munis))
        ax.bar(xs, [per[m].places if m in per else 0 for m in munis], color="#4575b4", label=w._("places"))
        ax.scatter(xs, [per[m].quota if m in per else 0 for m in munis], color="#d73027", marker="_", s=900,
                   linewidths=2.5, label=w._("fair share (quota)"), zorder=3)
        ax.set_xticks(list(xs), [names.get(m, m) for m in munis], fontsize=8)
        ax.set_title(label.get(t, t), fontsize=9, loc="left")
    axes[0, 0].legend(fontsize=8, loc="upper right")
    fig.suptitle(f"{region.name} — " + w._("places per municipality against the fair share, {year}", year=last),
                 fontsize=11)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
