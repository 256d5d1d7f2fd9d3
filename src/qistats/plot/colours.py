"""The colours of the two chart styles (Making Data Count and qicharts2)."""

from __future__ import annotations

#: Making Data Count colours (NHSRplotthedots 0.2.2, agreed with the MDC Power BI team).
MDC_COLOURS = {
    "common_cause": "#A6A6A6",
    "improvement": "#00B0F0",
    "concern": "#E46C0A",
    "neutral": "#490092",
    "target": "#DE1B1B",
    "trajectory": "#490092",
    "line": "#A6A6A6",
    "mean": "#000000",
    "limits": "#7F7F7F",
    "baseline": "#F2F2F2",
    "text": "#231F20",
}
#: qicharts2 0.8 colours (``plot.qic``): blue data, red signals, grey lines, green target.
QIC_COLOURS = {
    "line": "#5DA5DA",
    "point": "#5DA5DA",
    "signal": "#F15854",
    "excluded": "#8C8C8C",
    "cl": "#8C8C8C",
    "band": "#D9D9D9",
    "target": "#059748",
    "freeze": "#8C8C8C",
    "text": "#333333",
    "baseline": "#F2F2F2",
}

__all__ = ["MDC_COLOURS", "QIC_COLOURS"]
