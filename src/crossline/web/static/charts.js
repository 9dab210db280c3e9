/* Dashboard and campaign charts (Chart.js, vendored). */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var C = window.Crossline;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 11;
  Chart.defaults.color = "#475569";

  function stacked(canvas, labels, datasets) {
    return new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "top", align: "end", labels: { boxWidth: 10 } } },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { maxTicksLimit: 12, maxRotation: 0 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, grid: { color: "#eef1f5" } }
        }
      }
    });
  }

  var perDay = C.readJson("per-day-data");
  var perDayCanvas = document.getElementById("per-day-chart");
  if (perDay && perDayCanvas) {
    var sets = Object.keys(perDay.series).map(function (code) {
      return { label: code, data: perDay.series[code], backgroundColor: C.jurColor(code), borderWidth: 0 };
    });
    stacked(perDayCanvas, perDay.days, sets);
  }

  var tl = C.readJson("timeline-data");
  var tlCanvas = document.getElementById("timeline-chart");
  if (tl && tlCanvas && tl.days.length) {
    var codes = {};
    tl.days.forEach(function (d) { Object.keys(d.reports).forEach(function (k) { codes[k] = 1; }); });
    var labels = tl.days.map(function (d) { return d.day; });
    var datasets = Object.keys(codes).sort().map(function (code) {
      return {
        label: code, backgroundColor: C.jurColor(code), borderWidth: 0,
        data: tl.days.map(function (d) { return d.reports[code] || 0; })
      };
    });
    stacked(tlCanvas, labels, datasets);
  }
})();
