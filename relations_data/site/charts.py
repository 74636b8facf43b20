"""Charts drawn as inline SVG at site-generation time: no JavaScript, nothing from a CDN.

Each function takes a pandas frame and returns an SVG string (empty string when there is
nothing to draw). Hand-drawn rather than matplotlib so the `site` extra stays small.
"""
from __future__ import annotations

from html import escape

import pandas as pd

PALETTE = ["#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d96a3", "#2e4057", "#a05195"]
W, H, PAD_L, PAD_R, PAD_T, PAD_B = 680, 300, 56, 190, 16, 32


def _frame(body: str, title: str, height: float = H) -> str:
    return (f'<svg class="chart" viewBox="0 0 {W} {height:.0f}" role="img" aria-label="{escape(title)}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{body}</svg>')


def _scale(lo: float, hi: float, a: float, b: float):
    span = (hi - lo) or 1.0
    return lambda v: a + (float(v) - lo) / span * (b - a)


def lines(frame: pd.DataFrame, x: str, y: str, series: list[str], title: str, invert: bool = False) -> str:
    """One line per series (e.g. country and estimator), x and y numeric."""
    data = frame.dropna(subset=[x, y])
    if data.empty:
        return ""
    xs, ys = data[x].astype(float), data[y].astype(float)
    sx = _scale(xs.min(), xs.max(), PAD_L, W - PAD_R)
    y0, y1 = (PAD_T, H - PAD_B) if invert else (H - PAD_B, PAD_T)
    sy = _scale(min(ys.min(), 0 if not invert else ys.min()), ys.max(), y0, y1)
    parts = [f'<line x1="{PAD_L}" y1="{H-PAD_B}" x2="{W-PAD_R}" y2="{H-PAD_B}" stroke="#999"/>',
             f'<line x1="{PAD_L}" y1="{PAD_T}" x2="{PAD_L}" y2="{H-PAD_B}" stroke="#999"/>']
    lo, hi = int(xs.min()), int(xs.max())
    ticks = [v for v in range(lo, hi + 1) if v % 5 == 0]
    # The ends are labelled too, unless a round tick already sits next to them (labels would overlap).
    ticks += [v for v in (lo, hi) if all(abs(v - t) > 2 for t in ticks)]
    for v in sorted(ticks):
        parts.append(f'<text x="{sx(v):.1f}" y="{H-PAD_B+16}" font-size="11" text-anchor="middle">{v}</text>')
    for v in sorted({ys.min(), ys.max()}):
        label = f"{v:,.0f}"
        parts.append(f'<text x="{PAD_L-4}" y="{sy(v)+4:.1f}" font-size="11" text-anchor="end">{label}</text>')
    for i, (key, group) in enumerate(data.groupby(series, sort=True)):
        colour = PALETTE[i % len(PALETTE)]
        group = group.sort_values(x)
        points = " ".join(f"{sx(a):.1f},{sy(b):.1f}" for a, b in zip(group[x], group[y]))
        name = " / ".join(str(k) for k in (key if isinstance(key, tuple) else (key,)))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        parts += [f'<circle cx="{sx(a):.1f}" cy="{sy(b):.1f}" r="3" fill="{colour}"><title>{escape(name)} {a}: {b:,.0f}</title></circle>'
                  for a, b in zip(group[x], group[y])]
        parts.append(f'<text x="{W-PAD_R+8}" y="{PAD_T+14*i+10}" font-size="11" fill="{colour}">{escape(name)}</text>')
    return _frame("".join(parts), title)


def grid(frame: pd.DataFrame, row: str, col: str, value: str, title: str) -> str:
    """A cell per (row, column), coloured by a categorical value (e.g. country x fiscal year)."""
    data = frame.dropna(subset=[row, col])
    if data.empty:
        return ""
    rows = sorted(data[row].astype(str).unique())
    years = data[col].astype(int)
    cols = list(range(years.min(), years.max() + 1))  # every year: an empty column is one not coded
    values = sorted(data[value].astype(str).unique())
    colours = {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(values)}
    cw = (W - PAD_L - PAD_R) / max(len(cols), 1)
    # Rows never thinner than their 11-px labels: a long list makes a taller chart instead.
    ch = max(14.0, min(24.0, (H - PAD_T - PAD_B) / max(len(rows), 1)))
    every = max(1, -(-30 // int(cw)) if cw >= 1 else 30)  # a column label at least every 30 px
    parts = []
    for j, c in enumerate(cols):
        if j % every:
            continue
        parts.append(f'<text x="{PAD_L+cw*(j+.5):.1f}" y="{PAD_T+ch*len(rows)+14:.1f}" font-size="10" text-anchor="middle">{c}</text>')
    for i, r in enumerate(rows):
        parts.append(f'<text x="{PAD_L-4}" y="{PAD_T+ch*(i+.7):.1f}" font-size="11" text-anchor="end">{escape(r)}</text>')
    for rec in data.itertuples(index=False):
        i, j, v = rows.index(str(getattr(rec, row))), cols.index(int(getattr(rec, col))), str(getattr(rec, value))
        parts.append(f'<rect x="{PAD_L+cw*j+1:.1f}" y="{PAD_T+ch*i+1:.1f}" width="{cw-2:.1f}" height="{ch-2:.1f}" '
                     f'fill="{colours[v]}"><title>{escape(str(getattr(rec, row)))} {getattr(rec, col)}: {escape(v)}</title></rect>')
    for k, v in enumerate(values):
        parts.append(f'<rect x="{W-PAD_R+8}" y="{PAD_T+16*k}" width="10" height="10" fill="{colours[v]}"/>'
                     f'<text x="{W-PAD_R+22}" y="{PAD_T+16*k+9}" font-size="11">{escape(v)}</text>')
    return _frame("".join(parts), title, max(H, PAD_T + ch * len(rows) + PAD_B))


def timeline(frame: pd.DataFrame, date: str, lane: str, label: str, title: str) -> str:
    """Events as dots on a date axis, one lane per value of `lane` (e.g. actor → target)."""
    data = frame.assign(_d=pd.to_datetime(frame[date], errors="coerce")).dropna(subset=["_d"])
    if data.empty:
        return ""
    t = data["_d"].map(pd.Timestamp.toordinal)
    sx = _scale(t.min() - 15, t.max() + 15, PAD_L + 60, W - 20)
    lanes = sorted(data[lane].astype(str).unique())
    lh = min(40.0, (H - PAD_T - PAD_B) / len(lanes))
    parts = [f'<line x1="{PAD_L+60}" y1="{H-PAD_B}" x2="{W-20}" y2="{H-PAD_B}" stroke="#999"/>']
    for d in sorted({data["_d"].min(), data["_d"].max()}):
        parts.append(f'<text x="{sx(d.toordinal()):.1f}" y="{H-PAD_B+16}" font-size="11" text-anchor="middle">{d:%Y-%m-%d}</text>')
    for i, name in enumerate(lanes):
        y = PAD_T + lh * (i + .5)
        parts.append(f'<text x="{PAD_L+52}" y="{y+4:.1f}" font-size="11" text-anchor="end">{escape(name)}</text>'
                     f'<line x1="{PAD_L+60}" y1="{y:.1f}" x2="{W-20}" y2="{y:.1f}" stroke="#eee"/>')
    for rec, ordinal in zip(data.itertuples(index=False), t):
        y = PAD_T + lh * (lanes.index(str(getattr(rec, lane))) + .5)
        parts.append(f'<circle cx="{sx(ordinal):.1f}" cy="{y:.1f}" r="6" fill="{PALETTE[1]}" fill-opacity=".8">'
                     f'<title>{escape(str(getattr(rec, date)))}: {escape(str(getattr(rec, label)))}</title></circle>')
    return _frame("".join(parts), title)
