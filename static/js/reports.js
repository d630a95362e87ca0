/* The half-year analysis report: draws each section's charts from the JSON data
   island rendered by Django's json_script (allowed by the Content Security Policy: it is
   not executed). Data shape: {"title", "kind": "bar"|"line", "categories": [...],
   "series": [[name, [values]], ...]}. Labels come from user data (department names), so
   the tooltip escapes them: echarts writes its tooltip as HTML. */
(function () {
  "use strict";

  function escape(text) {
    return echarts.format.encodeHTML(text == null ? "" : String(text));
  }

  function tooltip(params) {
    var rows = [].concat(params);
    if (!rows.length) return "";
    var lines = [escape(rows[0].axisValueLabel)];
    rows.forEach(function (p) {
      lines.push(p.marker + escape(p.seriesName) + ": " + (p.value == null ? "—" : escape(p.value)));
    });
    return lines.join("<br>");
  }

  function draw(el) {
    var island = document.getElementById(el.dataset.reportChart);
    if (!island || typeof echarts === "undefined") return;
    var data = JSON.parse(island.textContent);
    var line = data.kind === "line";
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      tooltip: { trigger: "axis", formatter: tooltip },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 64, containLabel: true },
      xAxis: { type: "category", data: data.categories, axisLabel: { interval: 0, rotate: data.categories.length > 6 || el.clientWidth < 576 ? 30 : 0 } },
      yAxis: line ? { type: "value", max: 100, min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10); } }
                  : { type: "value", minInterval: 1 },
      series: data.series.map(function (s) {
        return { name: s[0], type: data.kind, data: s[1], connectNulls: false, symbolSize: 6 };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function init() {
    document.querySelectorAll("[data-report-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
