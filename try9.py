b.plot(series="Cedar", style="qicharts2").savefig("one_cedar_q.png", dpi=60)
d5 = d[~((d.ward=="Cedar") & (d.month < "2024-02-01"))]
qi.board(d5, MEAS, x="month", y="num", n="den", by="ward").plot(measure="vte_pct").savefig("two_vte.png", dpi=70)
