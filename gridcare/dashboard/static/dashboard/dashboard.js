/* The leaders' dashboard: draws each chart from its JSON data island (rendered by
   Django's json_script, which the Content Security Policy allows: it is not executed). */
(function () {
  "use strict";

  function draw(el) {
    var island = document.getElementById(el.dataset.chartSource);
    if (!island || typeof echarts === "undefined") return;
    var data = JSON.parse(island.textContent);
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
      legend: { type: "plain", bottom: 0 },
      // Room below the axis for a legend of up to five standards on two or three rows.
      grid: { left: 40, right: 16, top: 24, bottom: el.clientWidth < 576 ? 150 : 110 },
      xAxis: { type: "category", data: data.months, name: el.dataset.xName || "" },
      yAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10); }, max: 100,
               name: el.dataset.yName || "", axisLabel: { formatter: "{value}%" } },
      // Only the standards below target come: each with its target as a dashed line, and a
      // month with nothing decided as a gap (null), never as 0 %.
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false, symbolSize: 6,
                 markLine: { silent: true, symbol: "none", label: { show: false },
                             lineStyle: { type: "dashed", opacity: 0.5 },
                             data: [{ yAxis: s.target, name: el.dataset.targetName || "" }] } };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function init() {
    document.querySelectorAll("[data-chart-source]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
