/* Campaign link graph (Cytoscape.js, vendored): reports and the values they share.
   Reports are coloured by jurisdiction, values by kind; common values are grey and
   dashed (shown, but they never link). Clicking a value expands it. */
(function () {
  "use strict";
  var C = window.Crossline;
  var box = document.getElementById("graph");
  if (!box || typeof cytoscape === "undefined") { return; }
  var info = document.getElementById("graph-info");
  var status = document.getElementById("graph-status");
  var legend = document.getElementById("graph-legend");
  var campaignId = box.getAttribute("data-campaign");
  var expanded = {};

  var KIND_NAMES = {
    phone: "Phone", upi: "UPI handle", bank_account: "Bank account", ifsc: "IFSC", iban: "IBAN",
    email: "Email", domain: "Domain", url: "URL", btc: "Bitcoin", eth: "Ethereum", wallet: "Wallet",
    card: "Card"
  };

  function toElements(graph) {
    var out = [];
    graph.nodes.forEach(function (n) {
      var data = Object.assign({}, n);
      if (n.type === "report") {
        data.color = C.jurColor(n.jurisdiction);
        data.size = 18;
      } else {
        data.color = n.common ? "#cbd5e1" : C.kindColor(n.kind);
        data.size = Math.min(46, 16 + 6 * Math.log2(1 + (n.report_count || 1)));
        data.short = n.label.length > 24 ? n.label.slice(0, 22) + "…" : n.label;
      }
      data.outside = n.campaign_id && n.campaign_id !== campaignId ? "yes" : "no";
      out.push({ group: "nodes", data: data, classes: n.type + (n.common ? " common" : "") });
    });
    graph.edges.forEach(function (e) {
      out.push({ group: "edges", data: { id: e.source + ">" + e.target, source: e.source, target: e.target, field: e.field } });
    });
    return out;
  }

  var cy = cytoscape({
    container: box,
    minZoom: 0.15,
    maxZoom: 3,
    style: [
      { selector: "node", style: {
        "background-color": "data(color)", "width": "data(size)", "height": "data(size)",
        "border-width": 1, "border-color": "#ffffff" } },
      { selector: "node.report", style: { "shape": "round-rectangle" } },
      { selector: "node.indicator", style: {
        "shape": "ellipse", "label": "data(short)", "font-size": 9, "color": "#1e293b",
        "text-valign": "bottom", "text-margin-y": 3, "text-background-color": "#ffffff",
        "text-background-opacity": 0.8, "text-background-padding": 1 } },
      { selector: "node.common", style: { "border-style": "dashed", "border-color": "#64748b", "border-width": 2 } },
      { selector: "node[outside = 'yes']", style: { "opacity": 0.55 } },
      { selector: "edge", style: { "width": 1, "line-color": "#cbd5e1", "curve-style": "haystack" } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#0f172a" } }
    ],
    elements: []
  });

  // Reachable from the console (and from browser tests) for inspection.
  window.CrosslineGraph = cy;

  function layout() {
    cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: 9000,
                idealEdgeLength: 60, numIter: 1500, fit: true, padding: 20 }).run();
  }

  function add(graph) {
    var fresh = toElements(graph).filter(function (el) { return cy.getElementById(el.data.id).empty(); });
    cy.add(fresh);
    return fresh.length;
  }

  function drawLegend() {
    var kinds = {}, jurs = {}, common = false;
    cy.nodes().forEach(function (n) {
      if (n.data("type") === "report") { jurs[n.data("jurisdiction")] = 1; }
      else if (n.data("common")) { common = true; }
      else { kinds[n.data("kind")] = 1; }
    });
    legend.textContent = "";
    function item(color, text, shape) {
      var row = document.createElement("div");
      row.className = "legend-item";
      var sw = document.createElement("span");
      sw.className = "swatch " + shape;
      sw.setAttribute("data-color", color);
      sw.style.backgroundColor = color;
      row.appendChild(sw);
      row.appendChild(document.createTextNode(text));
      legend.appendChild(row);
    }
    Object.keys(jurs).sort().forEach(function (j) { item(C.jurColor(j), "Report · " + j, "square"); });
    Object.keys(kinds).sort().forEach(function (k) { item(C.kindColor(k), KIND_NAMES[k] || k, "dot"); });
    if (common) { item("#cbd5e1", "Common value (does not link)", "dot dashed"); }
  }

  function showNode(node) {
    var d = node.data();
    info.textContent = "";
    var title = document.createElement("div");
    title.className = "info-title";
    var lines = [];
    if (d.type === "report") {
      title.textContent = "Report " + d.label;
      lines.push(["Seen", (d.seen_at || "—").slice(0, 10)]);
      lines.push(["Channel", d.channel || "—"]);
      if (d.amount_lost) { lines.push(["Loss", d.currency + " " + Number(d.amount_lost).toLocaleString("en-US")]); }
    } else {
      title.textContent = (KIND_NAMES[d.kind] || d.kind) + " " + d.label;
      lines.push(["Reports (node-wide)", String(d.report_count)]);
      if (d.common) { lines.push(["Common", d.common_reason || "yes"]); }
      if (d.outside === "yes") { lines.push(["Campaign", "another campaign"]); }
    }
    info.appendChild(title);
    lines.forEach(function (l) {
      var p = document.createElement("div");
      p.textContent = l[0] + ": " + l[1];
      info.appendChild(p);
    });
    var a = document.createElement("a");
    if (d.type === "report") {
      a.href = "/reports/" + encodeURIComponent(d.id);
      a.textContent = "Open report →";
    } else {
      a.href = "/search?q=" + encodeURIComponent(d.label);
      a.textContent = "Look up this value →";
    }
    info.appendChild(a);
  }

  function expand(node) {
    var id = node.id();
    if (expanded[id]) { return; }
    expanded[id] = true;
    status.textContent = "Expanding…";
    C.api("/api/v1/indicators/" + encodeURIComponent(id) + "/graph?max_reports=60").then(function (g) {
      var n = add(g);
      status.textContent = n ? "Added " + n + " nodes." : "Nothing new around this value.";
      if (n) { layout(); drawLegend(); }
    }).catch(function (err) { status.textContent = "Could not expand: " + err.message; });
  }

  cy.on("tap", "node", function (evt) {
    showNode(evt.target);
    if (evt.target.data("type") === "indicator") { expand(evt.target); }
  });

  status.textContent = "Loading graph…";
  C.api("/api/v1/campaigns/" + encodeURIComponent(campaignId) + "/graph").then(function (g) {
    add(g);
    g.nodes.forEach(function (n) { if (n.type === "indicator" && n.common) { expanded[n.id] = false; } });
    layout();
    drawLegend();
    box.setAttribute("data-ready", "true");
    box.setAttribute("data-nodes", String(cy.nodes().length));
    status.textContent = cy.nodes().length + " nodes, " + cy.edges().length + " links" +
      (g.truncated ? " (largest campaigns are cut at 300 reports)" : "");
  }).catch(function (err) { status.textContent = "Could not load the graph: " + err.message; });
})();
