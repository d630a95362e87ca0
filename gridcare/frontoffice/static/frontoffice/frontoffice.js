// Front-office page behaviour (loaded from a file: the Content Security Policy forbids
// inline scripts). Each behaviour is declared in the markup with a data- attribute.
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // <div data-gc-rates-chart='{"labels": [...], "rate": [...], ...}'>: the share of calls
  // answered within the ring limit (line) over the counts (stacked bars).
  function ratesChart(el) {
    if (!window.echarts) return;
    var data = JSON.parse(el.getAttribute("data-gc-rates-chart"));
    var chart = window.echarts.init(el);
    var label = function (name) { return el.getAttribute("data-label-" + name) || name; };
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 40, top: 40, bottom: 30 },
      xAxis: { type: "category", data: data.labels },
      yAxis: [
        { type: "value", minInterval: 1 },
        { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }
      ],
      series: [
        { name: label("met"), type: "bar", stack: "calls", data: data.met, itemStyle: { color: "#2f9e44" } },
        { name: label("breached"), type: "bar", stack: "calls", data: data.breached, itemStyle: { color: "#e03131" } },
        { name: label("unanswered"), type: "bar", stack: "calls", data: data.unanswered, itemStyle: { color: "#f59f00" } },
        { name: label("rate"), type: "line", yAxisIndex: 1, data: data.rate, itemStyle: { color: "#0b5cab" } }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  // The matter form: complaint fields only for a complaint, conduct fields only for a
  // complaint about staff conduct (without JavaScript every field simply shows).
  function matterForm() {
    var kind = document.getElementById("id_kind");
    var conduct = document.getElementById("id_about_conduct");
    if (!kind) return;
    function sync() {
      var complaint = kind.value === "complaint";
      var aboutConduct = complaint && conduct && conduct.checked;
      document.querySelectorAll(".gc-fo-complaint").forEach(function (el) {
        el.hidden = !complaint;
      });
      document.querySelectorAll(".gc-fo-conduct").forEach(function (el) {
        el.hidden = !aboutConduct;
      });
    }
    kind.addEventListener("change", sync);
    if (conduct) conduct.addEventListener("change", sync);
    sync();
  }

  onReady(function () {
    document.querySelectorAll("[data-gc-rates-chart]").forEach(ratesChart);
    matterForm();
  });
})();
